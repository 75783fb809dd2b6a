"""Failures a client of the meeting service can see: code, HTTP status, Thai and English message."""

from opensaraban_shared.errors import ErrorKind

COMMITTEE_NAME_TAKEN = ErrorKind("committee_name_taken", 409, "หน่วยงานนี้มีคณะกรรมการชื่อนี้อยู่แล้ว",
                                 "This agency already has a committee with this name")
NOT_A_MEMBER = ErrorKind("not_a_member", 422, "บุคคลหรือหน่วยงานนี้ไม่ได้เป็นกรรมการในคณะกรรมการนี้",
                         "This person or agency is not a member of the committee")
MEETING_NUMBER_TAKEN = ErrorKind("meeting_number_taken", 409, "มีการประชุมครั้งที่นี้ของปีนี้อยู่แล้ว",
                                 "This committee already has a meeting with this number this year")
WRONG_STATE = ErrorKind("meeting_wrong_state", 409, "สถานะการประชุมไม่อนุญาตให้ดำเนินการนี้",
                        "The meeting is not in a state that allows this")
AGENDA_LOCKED = ErrorKind("agenda_locked", 409, "ปิดรับเรื่องเข้าระเบียบวาระแล้ว",
                          "The agenda is locked: no more submissions")
AGENDA_PUBLISHED = ErrorKind("agenda_published", 409,
                             "ระเบียบวาระฉบับนี้เผยแพร่แล้ว แก้ไขไม่ได้ ให้เปิดฉบับแก้ไขก่อน",
                             "This agenda version is published and frozen; start a revision first")
UNKNOWN_SECTION = ErrorKind("unknown_section", 422, "ระเบียบวาระของคณะกรรมการนี้ไม่มีวาระที่ระบุ",
                            "The committee's agenda template has no such section")
SECTION_NOT_OPEN = ErrorKind("section_not_open_for_submissions", 422, "วาระนี้ฝ่ายเลขานุการเป็นผู้จัดทำ",
                             "This section is prepared by the secretariat")
ITEM_NOT_FOUND = ErrorKind("agenda_item_not_found", 404, "ไม่พบเรื่องในระเบียบวาระ", "No such agenda item")
ITEM_NOT_EDITABLE = ErrorKind("agenda_item_not_editable", 409, "เรื่องนี้แก้ไขไม่ได้ในสถานะปัจจุบัน",
                              "This item cannot be changed in its current state")
BAD_MOVE = ErrorKind("agenda_bad_move", 422, "ย้ายเรื่องไปตำแหน่งนี้ไม่ได้", "The item cannot be moved there")
ATTACHMENT_NOT_ALLOWED = ErrorKind("attachment_not_allowed", 422,
                                   "ไฟล์แนบนี้ใช้ไม่ได้ (ต้องเป็น PDF ที่อัปโหลดสำหรับการประชุมนี้)",
                                   "This attachment is not allowed (a readable PDF uploaded for this meeting)")
ATTACHMENT_TYPE_NOT_ALLOWED = ErrorKind("attachment_not_allowed", 415, "เอกสารประกอบวาระต้องเป็นไฟล์ PDF",
                                        "Agenda attachments must be PDF files")
NO_SUCH_VERSION = ErrorKind("agenda_version_not_found", 404, "ไม่พบระเบียบวาระฉบับที่ระบุ", "No such agenda version")
DRAFT_CHANGED = ErrorKind("agenda_changed_during_publish", 409, "ระเบียบวาระถูกแก้ไขระหว่างเผยแพร่ กรุณาลองใหม่",
                          "The draft changed while publishing; publish again")
PACK_FAILED = ErrorKind("agenda_pack_failed", 502,
                        "สร้างเอกสารระเบียบวาระไม่สำเร็จ ฉบับที่เผยแพร่ก่อนหน้ายังคงใช้ได้",
                        "Building the agenda pack failed; the previously published version is unchanged")
NOTHING_CHANGED = ErrorKind("agenda_unchanged", 409, "ระเบียบวาระไม่มีการเปลี่ยนแปลงจากฉบับที่เผยแพร่",
                            "Nothing changed since the published version")
MINUTES_LOCKED = ErrorKind("minutes_locked", 409, "รายงานการประชุมรับรองแล้ว แก้ไขไม่ได้",
                           "The minutes are approved and locked")
NO_INVITEES = ErrorKind("no_member_agencies", 422, "คณะกรรมการยังไม่มีหน่วยงานกรรมการให้ส่งหนังสือเชิญ",
                        "The committee has no member agency to invite")
FOLLOW_UP_NOT_FOUND = ErrorKind("follow_up_not_found", 404, "ไม่พบเรื่องที่ต้องติดตาม", "No such follow-up action")
FOLLOW_UP_DONE = ErrorKind("follow_up_already_completed", 409, "เรื่องนี้รายงานผลแล้ว",
                           "This follow-up action is already completed")
UNKNOWN_AGENCY = ErrorKind("unknown_agency", 422, "ไม่พบหน่วยงานนี้ในทำเนียบหน่วยงาน (หรือยกเลิกไปแล้ว)",
                           "No such agency in the directory (or it was retired)")
NOT_ON_COMMITTEE = ErrorKind("not_on_committee", 403, "หน่วยงานของท่านไม่ได้เป็นกรรมการของคณะนี้",
                             "Your agency is not a member of this committee")
MEMBER_NOT_FOUND = ErrorKind("member_not_found", 404, "ไม่พบกรรมการรายนี้ในคณะกรรมการ (หรือพ้นจากตำแหน่งไปแล้ว)",
                             "No such member of this committee (or they were already removed)")
COMMITTEE_IN_USE = ErrorKind("committee_in_use", 409,
                             "ลบคณะกรรมการนี้ไม่ได้ เพราะมีการประชุมแล้ว (ลบได้เฉพาะคณะที่ยังไม่เคยกำหนดการประชุม)",
                             "This committee cannot be deleted: it has meetings (only a committee never used can be)")
DEADLINE_PASSED = ErrorKind("submission_deadline_passed", 422,
                            "กำหนดส่งเรื่อง (submission_deadline) ต้องเป็นเวลาหลังจากนี้ เวลาที่ระบุผ่านไปแล้ว",
                            "The submission deadline (submission_deadline) must be later than now; it has passed")
BAD_PARENT = ErrorKind("agenda_bad_parent", 422,
                       "เรื่องหลัก (parent_id) ต้องเป็นเรื่องที่บรรจุในระเบียบวาระที่เดียวกันแล้ว",
                       "The main item (parent_id) must be an item already on the agenda, in the same section")
PLACING_IS_SECRETARIAT = ErrorKind("agenda_position_secretariat_only", 422,
                                   "ฝ่ายเลขานุการเป็นผู้จัดลำดับเรื่อง (position) ไม่ต้องระบุ",
                                   "The secretariat orders the items: leave out position")
