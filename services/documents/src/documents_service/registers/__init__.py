"""The send and receive registers (ทะเบียนหนังสือส่ง / ทะเบียนหนังสือรับ) of an agency."""
