"""The review chain inside an agency (เสนอ – ตรวจ – ลงนาม) and acting-for delegation: docs/review-chain.md."""
