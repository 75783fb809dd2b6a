"""Thai-first wording of the portal with English on request, and how dates and numbers are shown."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal

from fastapi import Request
from markupsafe import Markup

from opensaraban_shared import richtext
from opensaraban_shared.thai import (
    BANGKOK,
    format_digits,
    format_english_date,
    format_thai_date,
    format_thai_time,
    thai_digits,
    thai_weekday,
)
from opensaraban_shared.vocabulary import SECRECY_TH, URGENCY_TH, Secrecy, Urgency

Lang = Literal["th", "en"]
LANG_COOKIE = "opensaraban_lang"
DIGITS_COOKIE = "opensaraban_digits"

TEXT: dict[str, tuple[str, str]] = {
    "app_name": ("สารบรรณอิเล็กทรอนิกส์ OpenSaraban", "OpenSaraban e-office"),
    "skip_to_content": ("ข้ามไปยังเนื้อหา", "Skip to content"),
    "sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "sign_out": ("ออกจากระบบ", "Sign out"),
    "username": ("ชื่อผู้ใช้", "Username"),
    "password": ("รหัสผ่าน", "Password"),
    "home": ("หน้าแรก", "Home"),
    "inbox": ("หนังสือเข้า", "Inbox"),
    "compose": ("ร่าง/ส่งหนังสือ", "Compose"),
    "sent": ("หนังสือส่ง", "Sent"),
    "search": ("ค้นหา", "Search"),
    "registers": ("ทะเบียน", "Registers"),
    "adoption": ("สถิติการใช้งานไร้กระดาษ", "Paper-free adoption"),
    "paper_letter": ("ลงรับหนังสือกระดาษ", "Register a paper letter"),
    "language": ("ภาษา", "Language"),
    "thai_digits": ("เลขไทย", "Thai digits"),
    "arabic_digits": ("เลขอารบิก", "Arabic digits"),
    "agency": ("หน่วยงาน", "Agency"),
    "roles": ("บทบาท", "Roles"),
    "number": ("ที่", "No."),
    "subject": ("เรื่อง", "Subject"),
    "from": ("จาก", "From"),
    "to": ("ถึง", "To"),
    "date": ("ลงวันที่", "Date"),
    "delivered_at": ("ได้รับเมื่อ", "Delivered"),
    "urgency": ("ชั้นความเร็ว", "Urgency"),
    "secrecy": ("ชั้นความลับ", "Secrecy"),
    "deadline": ("กำหนดเสร็จ", "Deadline"),
    "status": ("สถานะ", "Status"),
    "receipt_number": ("เลขรับ", "Receipt no."),
    "no_letters": ("ยังไม่มีหนังสือ", "No letters yet"),
    "overdue": ("เกินกำหนด", "Overdue"),
    "new": ("ใหม่", "New"),
    "open": ("เปิด", "Open"),
    "all": ("ทั้งหมด", "All"),
    "accept": ("ลงรับ", "Accept (register)"),
    "accepted_notice": ("ลงรับแล้ว เลขรับที่ {number}", "Registered as receipt no. {number}"),
    "reject": ("ไม่รับ / ส่งคืน", "Refuse"),
    "reason": ("เหตุผล", "Reason"),
    "wrong_recipient": ("ส่งผิดหน่วยงาน", "Sent to the wrong agency"),
    "rejected_notice": ("ส่งคืนผู้ส่งแล้ว", "Returned to the sender"),
    "route": ("ส่งต่อ / มอบหมาย", "Forward / assign"),
    "forward": ("ส่งต่อ", "Forward"),
    "assign": ("มอบหมาย", "Assign"),
    "to_person": ("ถึงบุคคล", "To a person"),
    "to_unit": ("ถึงหน่วยย่อย", "To a unit"),
    "instruction": ("คำสั่งการ / ข้อความ", "Instruction"),
    "routed_notice": ("ส่งต่อแล้ว", "Forwarded"),
    "comment": ("เกษียนหนังสือ", "Write an instruction (เกษียน)"),
    "comment_text": ("ข้อความเกษียน", "Instruction text"),
    "commented_notice": ("บันทึกเกษียนแล้ว", "Instruction recorded"),
    "close": ("เก็บเรื่อง", "Close the matter"),
    "closed_notice": ("เก็บเรื่องแล้ว", "Matter closed"),
    "attachments": ("สิ่งที่ส่งมาด้วย / ไฟล์แนบ", "Attachments"),
    "download": ("ดาวน์โหลด", "Download"),
    "salutation": ("เรียน", "To (salutation)"),
    "reference": ("อ้างถึง", "Reference"),
    "enclosures": ("สิ่งที่ส่งมาด้วย", "Enclosures"),
    "body": ("ข้อความ", "Body"),
    "closing": ("คำลงท้าย", "Closing"),
    "signatory": ("ผู้ลงนาม", "Signatory"),
    "position": ("ตำแหน่ง", "Position"),
    "owning_unit": ("ส่วนราชการเจ้าของเรื่อง", "Owning unit"),
    "contact": ("ติดต่อ", "Contact"),
    "kind": ("ชนิดของหนังสือ", "Kind of letter"),
    "circular": ("หนังสือเวียน (ว)", "Circular (ว series)"),
    "recipients": ("ผู้รับ", "Recipients"),
    "find_agency": ("ค้นหาหน่วยงานผู้รับ", "Find a recipient agency"),
    "add": ("เพิ่ม", "Add"),
    "remove": ("ลบ", "Remove"),
    "distribution_lists": ("บัญชีรายชื่อผู้รับ", "Distribution lists"),
    "already_uploaded": ("ไฟล์ที่อัปโหลดแล้ว", "Files already uploaded"),
    "send_now": ("ออกเลขและส่ง", "Number and send"),
    "save_draft": ("บันทึกร่าง", "Save as draft"),
    "sent_notice": ("ส่งแล้ว เลขที่ {number}", "Sent as {number}"),
    "draft_notice": ("บันทึกร่างแล้ว", "Draft saved"),
    "drafts": ("ร่างหนังสือของฉัน", "My drafts"),
    "no_drafts": ("ยังไม่มีร่างหนังสือ", "No drafts"),
    "edit_draft": ("แก้ไขร่างหนังสือ", "Edit the draft"),
    "subtype": ("ประเภทหนังสือ", "Type"),
    "copies_to": ("สำเนาส่ง (บรรทัดละรายการ)", "Copies to (one a line)"),
    "seal_initials": ("ชื่อย่อผู้รับผิดชอบ", "Initials of the official responsible"),
    "effective_from": ("ทั้งนี้ ตั้งแต่วันที่", "Effective from"),
    "issue_number": ("ฉบับที่", "Issue no."),
    "enclosures_text": ("สิ่งที่ส่งมาด้วย (ข้อความที่พิมพ์ บรรทัดละรายการ)", "Enclosures as printed (one a line)"),
    "enclosure_files": ("ไฟล์สิ่งที่ส่งมาด้วย", "Enclosure files"),
    "add_enclosures": ("เพิ่มไฟล์สิ่งที่ส่งมาด้วย", "Add enclosure files"),
    "main_letter": ("หนังสือหลัก", "Main letter"),
    "main_rendered": ("ระบบจัดพิมพ์จากข้อความที่กรอก", "Printed by the system from the fields"),
    "main_uploaded": ("ใช้ไฟล์ที่อัปโหลด (หนังสือที่จัดทำจากที่อื่น)", "An uploaded file (a letter made elsewhere)"),
    "main_file": ("ไฟล์หนังสือหลัก", "Main letter file"),
    "required_hint": ("ช่องที่มีเครื่องหมาย * ต้องกรอกก่อนออกเลขและส่ง (บันทึกร่างได้เสมอ)",
                      "Fields marked * are needed before numbering and sending (a draft can always be saved)"),
    "errors_below": ("โปรดแก้ไขช่องต่อไปนี้", "Please correct these fields"),
    "field_missing": ("โปรดกรอก{label}", "Please fill in {label}"),
    "field_invalid": ("โปรดตรวจสอบ{label}", "Please check {label}"),
    "subtype_allowed": ("โปรดเลือกประเภทหนังสือ: {allowed}", "Please choose one of: {allowed}"),
    "subtype_none": ("หนังสือชนิดนี้ไม่มีประเภทย่อย", "This kind of letter has no subtype"),
    "live_preview": ("ตัวอย่างหนังสือ", "Letter preview"),
    "live_preview_hint": ("ตัวอย่างเปลี่ยนตามที่พิมพ์ ยังไม่ได้บันทึก", "The preview follows what you type; nothing is saved"),
    "preview_pdf": ("ดูตัวอย่าง PDF", "Preview PDF"),
    "delete_draft": ("ลบร่าง", "Delete draft"),
    "delete_confirm": ("ลบร่างหนังสือนี้หรือไม่ เมื่อลบแล้วเรียกคืนไม่ได้", "Delete this draft? It cannot be undone."),
    "deleted_notice": ("ลบร่างแล้ว", "Draft deleted"),
    "reply": ("ตอบหนังสือ", "Reply"),
    "reply_notice": ("สร้างร่างหนังสือตอบแล้ว ตรวจทานแล้วออกเลขและส่ง", "Reply drafted; check it, then number and send"),
    "printed_pdf": ("หนังสือฉบับพิมพ์ (PDF)", "Printed letter (PDF)"),
    "recipient_status": ("สถานะผู้รับ", "Recipients' status"),
    "withdraw": ("ดึงหนังสือคืน", "Withdraw"),
    "resend": ("ส่งซ้ำ", "Resend"),
    "search_text": ("คำค้น (ไทยหรืออังกฤษ)", "Words (Thai or English)"),
    "date_from": ("ตั้งแต่วันที่", "From date"),
    "date_to": ("ถึงวันที่", "To date"),
    "direction": ("ทิศทาง", "Direction"),
    "direction_sent": ("ส่งออก", "Sent"),
    "direction_received": ("รับเข้า", "Received"),
    "no_results": ("ไม่พบหนังสือ", "No letters found"),
    "register_receive": ("ทะเบียนหนังสือรับ", "Receive register"),
    "register_send": ("ทะเบียนหนังสือส่ง", "Send register"),
    "year_be": ("ปี พ.ศ.", "Year (B.E.)"),
    "format": ("รูปแบบ", "Format"),
    "export": ("ส่งออก", "Export"),
    "letter_number_printed": ("ที่ (ตามที่พิมพ์ในหนังสือ)", "Number as printed"),
    "sender_name": ("จาก (ชื่อผู้ส่ง)", "From (sender's name)"),
    "scan": ("ไฟล์สแกน", "Scan"),
    "action_note": ("การปฏิบัติ", "Action taken"),
    "registered_paper_notice": ("ลงรับหนังสือกระดาษแล้ว เลขรับที่ {number}", "Paper letter registered as no. {number}"),
    "error": ("เกิดข้อผิดพลาด", "Something went wrong"),
    "not_found": ("ไม่พบหน้าที่ต้องการ", "Page not found"),
    "live_updates": ("รายการนี้ปรับปรุงอัตโนมัติ", "This list updates by itself"),
    "paper": ("กระดาษ", "Paper"),
    "electronic": ("อิเล็กทรอนิกส์", "Electronic"),
    "welcome": ("สวัสดี", "Welcome"),
    "what_needs_you": ("งานที่รอคุณ", "What needs you"),
    "notifications": ("การแจ้งเตือน", "Notifications"),
    "unread": ("ยังไม่ได้อ่าน", "unread"),
    "no_notifications": ("ยังไม่มีการแจ้งเตือน", "No notifications yet"),
    "open_file": ("เปิดอ่าน", "Open"),
    # --- administration ------------------------------------------------------------------------------
    "admin": ("ผู้ดูแลระบบ", "Administration"),
    "admin_intro": ("ตั้งค่าหน่วยงานตามลำดับนี้: เพิ่มบุคลากร หน่วยย่อย บัญชีรายชื่อผู้รับ API key ของระบบงาน และการตั้งค่าหนังสือ ทุกการเปลี่ยนแปลงมีผลทันทีและถูกบันทึกไว้ตรวจสอบย้อนหลัง",
                    "Set up the agency in this order: people, units, distribution lists, API keys of its systems and letter settings. Every change takes effect at once and is kept in the audit log."),
    "admin_tab_people": ("บุคลากร", "People"),
    "admin_tab_units": ("หน่วยย่อย", "Units"),
    "admin_tab_lists": ("บัญชีรายชื่อผู้รับ", "Distribution lists"),
    "admin_tab_keys": ("API key ของระบบงาน", "API keys"),
    "admin_tab_settings": ("การตั้งค่าหนังสือ", "Letter settings"),
    "admin_tab_delegations": ("การรักษาราชการแทน", "Delegations"),
    "admin_tab_agencies": ("หน่วยงานในสังกัด", "Agencies below"),
    "admin_about_people": ("เพิ่มผู้ใช้ กำหนดบทบาท ชั้นความลับ หน่วยย่อย ระงับบัญชี ตั้งรหัสผ่านใหม่",
                           "Add people; set roles, clearance and unit; suspend; reset passwords"),
    "admin_about_units": ("กลุ่มงานและเลขต่อท้ายเลขที่หนังสือ และเส้นทางเสนอตั้งต้นของแต่ละหน่วย",
                          "Units, their letter-number suffixes and each unit's default review route"),
    "admin_about_lists": ("กลุ่มหน่วยงานผู้รับที่ส่งถึงบ่อย", "Groups of agencies you often write to"),
    "admin_about_keys": ("ให้ระบบงานของหน่วยงานส่งและรับหนังสือผ่าน API", "Let the agency's own systems send and receive letters"),
    "admin_about_settings": ("เลขไทย ที่อยู่ การออกเลข การส่งอัตโนมัติ การเตือน", "Digits, address, numbering, sending, reminders"),
    "admin_about_delegations": ("รักษาราชการแทน และปฏิบัติราชการแทน", "Acting for, on behalf of"),
    "admin_about_agencies": ("เพิ่มและแก้ไขหน่วยงานที่อยู่ในสังกัด", "Add and edit the agencies below yours"),
    "admin_required": ("โปรดกรอก{label}", "Please fill in {label}"),
    "admin_required_hint": ("ช่องที่มีเครื่องหมาย * ต้องกรอก", "Fields marked * are required"),
    "admin_save": ("บันทึก", "Save"),
    "admin_edit": ("แก้ไข", "Edit"),
    "admin_active": ("ใช้งาน", "Active"),
    "admin_suspended": ("ระงับแล้ว", "Suspended"),
    "admin_retired": ("ยกเลิกแล้ว", "Retired"),
    "admin_name_en": ("ชื่อภาษาอังกฤษ", "English name"),
    "role_clerk": ("เจ้าหน้าที่สารบรรณ", "Clerk"),
    "role_action_officer": ("ผู้ปฏิบัติงาน", "Action officer"),
    "role_executive": ("ผู้บริหาร", "Executive"),
    "role_secretariat": ("ฝ่ายเลขานุการ", "Secretariat"),
    "role_administrator": ("ผู้ดูแลระบบ", "Administrator"),
    "role_agency_system": ("ระบบงานของหน่วยงาน", "Agency system"),
    "clearance_0": ("ทั่วไป (ไม่มีสิทธิ์อ่านเรื่องลับ)", "Normal (no secret letters)"),
    "clearance_1": ("ลับ", "Confidential"),
    "clearance_2": ("ลับมาก", "Secret"),
    "clearance_3": ("ลับที่สุด", "Top secret"),
    "agency_kind_national_office": ("สำนักงานระดับชาติ", "National office"),
    "agency_kind_ministry": ("กระทรวง", "Ministry"),
    "agency_kind_department": ("กรม", "Department"),
    "agency_kind_unit": ("หน่วยงานในสังกัด", "Unit"),
    "agency_kind_province": ("จังหวัด", "Province"),
    "agency_kind_provincial_office": ("ส่วนราชการประจำจังหวัด", "Provincial office"),
    "agency_kind_district": ("อำเภอ", "District"),
    "agency_kind_local": ("องค์กรปกครองส่วนท้องถิ่น", "Local government"),
    "agency_kind_public_organisation": ("องค์การมหาชน", "Public organisation"),
    # people
    "admin_find_person": ("ค้นหาชื่อ ชื่อผู้ใช้ หรือตำแหน่ง", "Find by name, username or position"),
    "admin_show_suspended": ("แสดงบัญชีที่ระงับแล้วด้วย", "Include suspended accounts"),
    "admin_new_person": ("เพิ่มบุคลากร", "Add a person"),
    "admin_create_person": ("เพิ่มบุคลากร", "Add the person"),
    "admin_count_people": ("บุคลากร {n} คน", "{n} people"),
    "admin_no_people": ("ไม่พบบุคลากร", "Nobody found"),
    "admin_display_name": ("ชื่อ-สกุล", "Full name"),
    "admin_position": ("ตำแหน่ง", "Position"),
    "admin_unit": ("หน่วยย่อย", "Unit"),
    "admin_no_unit": ("— ไม่สังกัดหน่วยย่อย —", "— No unit —"),
    "admin_email": ("อีเมลสำหรับการแจ้งเตือน", "E-mail for notifications"),
    "admin_email_hint": ("เช่น somchai@example.go.th", "e.g. somchai@example.go.th"),
    "admin_supervisor": ("ผู้บังคับบัญชา (รับแจ้งเมื่องานค้าง)", "Supervisor (told of overdue work)"),
    "admin_no_supervisor": ("— ไม่ระบุ —", "— None —"),
    "admin_clearance": ("ชั้นความลับที่อ่านได้", "Clearance"),
    "admin_clearance_hint": ("ผู้ใช้อ่านหนังสือได้ไม่เกินชั้นความลับนี้", "The person reads letters up to this secrecy level"),
    "admin_roles_hint": ("เลือกได้มากกว่าหนึ่งบทบาท", "Choose one role or more"),
    "admin_choose_role": ("โปรดเลือกบทบาทอย่างน้อยหนึ่งบทบาท", "Please choose at least one role"),
    "admin_username_hint": ("ตัวอักษรภาษาอังกฤษพิมพ์เล็ก ตัวเลข และ . _ @ + - เช่น somchai@หน่วยงาน", "Lower-case letters, digits and . _ @ + -, e.g. somchai@agency"),
    "admin_first_password": ("รหัสผ่านแรกเข้า", "First password"),
    "admin_password_hint": ("อย่างน้อย 12 ตัวอักษร แจ้งให้ผู้ใช้ทราบทางช่องทางที่ปลอดภัย", "At least 12 characters; give it to the person safely"),
    "admin_password_short": ("รหัสผ่านต้องมีอย่างน้อย {n} ตัวอักษร", "The password needs at least {n} characters"),
    "admin_profile": ("ข้อมูลบุคคล", "Profile"),
    "admin_access": ("บทบาทและชั้นความลับ", "Roles and clearance"),
    "admin_access_hint": ("เมื่อเปลี่ยนสิทธิ์ ผู้ใช้ต้องเข้าสู่ระบบใหม่", "After a change the person signs in again"),
    "admin_save_access": ("บันทึกสิทธิ์", "Save access"),
    "admin_not_yourself": ("ท่านเปลี่ยนสิทธิ์หรือระงับบัญชีของตนเองไม่ได้ ให้ผู้ดูแลระบบคนอื่นดำเนินการ", "You cannot change your own access; another administrator must"),
    "admin_reset_password": ("ตั้งรหัสผ่านใหม่", "Reset the password"),
    "admin_new_password": ("รหัสผ่านใหม่", "New password"),
    "admin_reset_hint": ("ผู้ใช้จะออกจากระบบทุกเครื่องทันที", "The person is signed out everywhere at once"),
    "admin_account": ("บัญชีผู้ใช้", "Account"),
    "admin_suspend": ("ระงับบัญชี", "Suspend the account"),
    "admin_suspend_hint": ("ผู้ใช้จะเข้าสู่ระบบไม่ได้ ข้อมูลและประวัติยังอยู่ครบ เปิดใช้อีกครั้งได้", "The person can no longer sign in; their records stay; it can be undone"),
    "admin_suspend_confirm": ("ระงับบัญชีนี้หรือไม่", "Suspend this account?"),
    "admin_restore": ("เปิดใช้บัญชีอีกครั้ง", "Restore the account"),
    "admin_restore_hint": ("บัญชีนี้ถูกระงับอยู่", "This account is suspended"),
    "admin_restore_confirm": ("เปิดใช้บัญชีนี้อีกครั้งหรือไม่", "Restore this account?"),
    # units and default routes
    "admin_units_intro": ("เลขที่หนังสือของหน่วยย่อยคือรหัสหน่วยงาน {prefix} ตามด้วยเลขต่อท้ายของหน่วย", "A unit's letters are numbered with the agency's {prefix} and the unit's suffix"),
    "admin_unit_name_th": ("ชื่อหน่วยย่อย", "Unit name"),
    "admin_letter_suffix": ("เลขต่อท้ายเลขที่หนังสือ", "Letter-number suffix"),
    "admin_letter_suffix_hint": ("ตัวเลขคั่นด้วยจุด เช่น 2 หรือ 2.1 → {prefix}.2", "Digits separated by dots, e.g. 2 or 2.1 → {prefix}.2"),
    "admin_letter_number_as": ("เลขที่หนังสือ", "Letters numbered"),
    "admin_parent_unit": ("สังกัดหน่วยย่อย", "Parent unit"),
    "admin_top_unit": ("— ขึ้นตรงกับหน่วยงาน —", "— Directly under the agency —"),
    "admin_no_units": ("ยังไม่มีหน่วยย่อย", "No units yet"),
    "admin_new_unit": ("เพิ่มหน่วยย่อย", "Add a unit"),
    "admin_create_unit": ("เพิ่มหน่วยย่อย", "Add the unit"),
    "admin_unit_details": ("ข้อมูลหน่วยย่อย", "Unit"),
    "admin_default_route": ("เส้นทางเสนอตั้งต้น", "Default review route"),
    "admin_default_route_hint": ("ร่างหนังสือของหน่วยนี้จะเสนอผู้ตรวจตามลำดับ แล้วจึงถึงผู้ลงนาม เมื่อผู้ร่างไม่ได้เลือกเส้นทางเอง", "Drafts of this unit go to these reviewers in order, then the signer, unless the drafter chooses"),
    "admin_reviewers": ("ผู้ตรวจ (ตามลำดับ)", "Reviewers (in order)"),
    "admin_reviewer_n": ("ผู้ตรวจลำดับที่ {n}", "Reviewer {n}"),
    "admin_nobody": ("— ไม่มี —", "— Nobody —"),
    "admin_signer": ("ผู้ลงนาม", "Signer"),
    "admin_signer_is_reviewer": ("ผู้ลงนามต้องไม่อยู่ในรายชื่อผู้ตรวจ", "The signer cannot also be a reviewer"),
    "admin_save_route": ("บันทึกเส้นทางเสนอ", "Save the route"),
    "admin_unit_status": ("การใช้งานหน่วยย่อย", "Unit in use"),
    "admin_retire_unit": ("ยกเลิกหน่วยย่อย", "Retire the unit"),
    "admin_retire_unit_hint": ("ยกเลิกได้เมื่อไม่มีบุคลากรหรือหน่วยย่อยที่ใช้งานอยู่ในหน่วยนี้", "Only a unit without active people or sub-units can be retired"),
    "admin_retire_unit_confirm": ("ยกเลิกหน่วยย่อยนี้หรือไม่", "Retire this unit?"),
    "admin_restore_unit": ("กลับมาใช้หน่วยย่อยนี้", "Restore the unit"),
    "admin_restore_unit_hint": ("หน่วยย่อยนี้ถูกยกเลิกแล้ว", "This unit is retired"),
    # distribution lists
    "admin_lists_intro": ("บัญชีของหน่วยงานแก้ไขได้ บัญชีสาธารณะระดับประเทศใช้ได้ทุกหน่วยงาน", "Your agency's lists are yours to edit; public national lists are for everyone"),
    "admin_new_list": ("สร้างบัญชีรายชื่อผู้รับ", "New distribution list"),
    "admin_list_name_th": ("ชื่อบัญชีรายชื่อ", "List name"),
    "admin_member_count": ("จำนวนหน่วยงาน", "Agencies"),
    "admin_list_owner": ("ประเภท", "Kind"),
    "admin_list_public": ("สาธารณะ (ระดับประเทศ)", "Public (national)"),
    "admin_list_ours": ("ของหน่วยงาน", "Our agency's"),
    "admin_list_copy": ("ใช้เป็นต้นแบบ", "Start a new list from it"),
    "admin_no_lists": ("ยังไม่มีบัญชีรายชื่อผู้รับ", "No distribution lists yet"),
    "admin_list_public_readonly": ("บัญชีสาธารณะแก้ไขได้เฉพาะผู้ดูแลระบบระดับประเทศ กด \"ใช้เป็นต้นแบบ\" ในหน้ารายการเพื่อสร้างบัญชีของหน่วยงานเอง", "Only national administrators edit public lists; use \"Start a new list from it\" to make your own"),
    "admin_list_make_public": ("บัญชีสาธารณะ ทุกหน่วยงานใช้ได้", "Public: every agency may use it"),
    "admin_members": ("หน่วยงานผู้รับ", "Member agencies"),
    "admin_choose_members": ("โปรดเลือกหน่วยงานผู้รับอย่างน้อยหนึ่งหน่วยงาน", "Please choose at least one agency"),
    "admin_chosen": ("เลือกแล้ว", "Chosen"),
    "admin_shown": ("แสดงอยู่", "shown"),
    "admin_filter_agencies": ("กรองรายชื่อหน่วยงาน", "Filter the agencies"),
    "admin_filter_hint": ("พิมพ์บางส่วนของชื่อ หรือรหัสหน่วยงาน เช่น ชม หรือ สถิติ", "Type part of a name or letter prefix"),
    "admin_only_chosen": ("แสดงเฉพาะที่เลือก", "Show only the chosen"),
    "admin_tick_shown": ("เลือกทั้งหมดที่แสดง", "Tick all shown"),
    "admin_untick_shown": ("ไม่เลือกทั้งหมดที่แสดง", "Untick all shown"),
    "admin_save_list": ("บันทึกบัญชีรายชื่อ", "Save the list"),
    "admin_delete_list": ("ลบบัญชีรายชื่อนี้", "Delete this list"),
    "admin_delete_list_confirm": ("ลบบัญชีรายชื่อนี้หรือไม่ หนังสือที่ส่งไปแล้วไม่เปลี่ยนแปลง", "Delete this list? Letters already sent stay as they are"),
    # API keys
    "admin_keys_intro": ("API key ให้ระบบงานของหน่วยงาน (เช่น ระบบสารบรรณเดิม) ส่งและรับหนังสือแทนเจ้าหน้าที่สารบรรณ", "An API key lets one of the agency's systems send and receive letters as a clerk would"),
    "admin_key_name": ("ชื่อระบบที่ใช้ key", "System using the key"),
    "admin_key_name_hint": ("เช่น ระบบสารบรรณเดิมของหน่วยงาน", "e.g. the agency's old records system"),
    "admin_key_id": ("รหัส key", "Key id"),
    "admin_key_created": ("ออกเมื่อ", "Issued"),
    "admin_key_revoked_at": ("ยกเลิกเมื่อ {when}", "Revoked {when}"),
    "admin_new_key": ("ออก API key ใหม่", "Issue a new API key"),
    "admin_issue_key": ("ออก API key", "Issue the key"),
    "admin_key_issued": ("ออก API key ให้ {name} แล้ว", "API key issued to {name}"),
    "admin_key_once": ("คัดลอก key นี้ไปตั้งค่าในระบบงานเดี๋ยวนี้ ระบบจะแสดงให้เห็นครั้งเดียวเท่านั้น หากทำหายให้ยกเลิกแล้วออกใหม่", "Copy this key into the system now: it is shown this once only. If it is lost, revoke it and issue another"),
    "admin_key_secret": ("API key (แสดงครั้งเดียว)", "API key (shown once)"),
    "admin_revoke": ("ยกเลิก key", "Revoke"),
    "admin_revoke_confirm": ("ยกเลิก key ของ {name} หรือไม่ ระบบนั้นจะใช้งานไม่ได้ทันที", "Revoke the key of {name}? That system stops at once"),
    "admin_no_keys": ("ยังไม่มี API key", "No API keys yet"),
    # letter settings
    "admin_set_address": ("ที่อยู่ส่วนราชการเจ้าของหนังสือ", "Address printed on letters"),
    "admin_set_address_hint": ("พิมพ์ใต้ชื่อหน่วยงานในหนังสือภายนอก", "Printed under the agency's name on external letters"),
    "admin_set_thai_digits": ("ใช้เลขไทยในหนังสือ", "Thai digits in letters"),
    "admin_set_thai_digits_hint": ("วันที่ เลขที่ และตัวเลขในเนื้อความพิมพ์เป็นเลขไทย", "Dates, numbers and figures print in Thai digits"),
    "admin_set_own_numbering": ("ระบบงานของหน่วยงานออกเลขและลงวันที่เอง", "The agency's own system numbers and dates letters"),
    "admin_set_own_numbering_hint": ("เลือกเมื่อหน่วยงานมีทะเบียนหนังสือส่งในระบบอื่น เลขที่ยังต้องไม่ซ้ำ", "When the send register is kept elsewhere; numbers stay unique"),
    "admin_set_send_after_signing": ("ออกเลขและส่งทันทีเมื่อผู้ลงนามลงนาม", "Number and send as soon as it is signed"),
    "admin_set_send_after_signing_hint": ("หากไม่เลือก เจ้าหน้าที่สารบรรณออกเลขและส่งจากรายการ \"รอออกเลข\"", "Otherwise the clerk numbers and sends from the to-number queue"),
    "admin_set_self_delegation": ("ให้ผู้บริหารตั้งผู้ปฏิบัติแทนระหว่างลาได้เอง", "Executives may set their own leave delegate"),
    "admin_set_self_delegation_hint": ("หากไม่เลือก ผู้ดูแลระบบเป็นผู้ตั้งการรักษาราชการแทน", "Otherwise administrators set delegations"),
    "admin_set_reminder": ("เตือนเมื่อเรื่องค้างที่ผู้ตรวจนานเกิน (ชั่วโมง)", "Remind a reviewer after (hours)"),
    "admin_set_reminder_hint": ("1 ถึง 720 ชั่วโมง เว้นว่างไว้หากไม่ต้องการเตือน", "1 to 720 hours; leave empty for no reminder"),
    "admin_reminder_number": ("โปรดกรอกจำนวนชั่วโมงเป็นตัวเลข 1 ถึง 720", "Please give the hours as a number from 1 to 720"),
    # agencies below
    "admin_agency_path": ("ตำแหน่งในโครงสร้างหน่วยงาน", "Place in the agency tree"),
    "admin_count_children": ("หน่วยงานในสังกัด {n} หน่วยงาน", "{n} agencies below"),
    "admin_no_children": ("ยังไม่มีหน่วยงานในสังกัด", "No agencies below yet"),
    "admin_agencies_below": ("หน่วยงานในสังกัด", "Agencies below"),
    "admin_new_agency_under": ("เพิ่มหน่วยงานในสังกัด {parent}", "Add an agency under {parent}"),
    "admin_create_agency": ("เพิ่มหน่วยงาน", "Add the agency"),
    "admin_agency_id": ("รหัสหน่วยงาน (ภาษาอังกฤษ)", "Agency id"),
    "admin_agency_id_hint": ("ตัวอักษรภาษาอังกฤษพิมพ์เล็ก ตัวเลข . _ - เช่น cm-new-office เปลี่ยนภายหลังไม่ได้", "Lower-case letters, digits, . _ -, e.g. cm-new-office; cannot change later"),
    "admin_agency_kind": ("ประเภทหน่วยงาน", "Kind of agency"),
    "admin_choose_kind": ("เลือกประเภท", "Choose a kind"),
    "admin_agency_name_th": ("ชื่อหน่วยงาน", "Agency name"),
    "admin_letter_prefix": ("รหัสหน่วยงานในเลขที่หนังสือ", "Letter-number prefix"),
    "admin_letter_prefix_hint": ("เช่น ชม 0017", "e.g. ชม 0017"),
    "admin_province_code": ("รหัสจังหวัด", "Province code"),
    "admin_province_code_hint": ("เช่น 50 สำหรับเชียงใหม่ เว้นว่างสำหรับหน่วยงานส่วนกลาง", "e.g. 50 for Chiang Mai; empty for central agencies"),
    "admin_parent_agency": ("ต้นสังกัด", "Parent agency"),
    "admin_agency_details": ("ข้อมูลหน่วยงาน", "Agency"),
    "admin_agency_admins": ("ผู้ดูแลระบบของหน่วยงาน", "The agency's administrators"),
    "admin_agency_no_admin": ("หน่วยงานนี้ยังไม่มีผู้ดูแลระบบ เพิ่มผู้ดูแลระบบคนแรกเพื่อให้หน่วยงานตั้งค่าต่อเองได้", "No administrator yet: add the first one so the agency can carry on by itself"),
    "admin_add_agency_admin": ("เพิ่มผู้ดูแลระบบของหน่วยงานนี้", "Add an administrator of this agency"),
    "admin_create_agency_admin": ("เพิ่มผู้ดูแลระบบ", "Add the administrator"),
    "admin_agency_status": ("การใช้งานหน่วยงาน", "Agency in use"),
    "admin_retire_agency": ("ยกเลิกหน่วยงาน", "Retire the agency"),
    "admin_retire_agency_hint": ("บุคลากรของหน่วยงานจะเข้าสู่ระบบไม่ได้ และไม่รับหนังสืออีก ยกเลิกได้เมื่อไม่มีหน่วยงานในสังกัดที่ใช้งานอยู่", "Its people can no longer sign in and it receives no more letters; only without active agencies below"),
    "admin_retire_agency_confirm": ("ยกเลิกหน่วยงานนี้หรือไม่", "Retire this agency?"),
    "admin_restore_agency": ("กลับมาใช้หน่วยงานนี้", "Restore the agency"),
    "admin_restore_agency_hint": ("หน่วยงานนี้ถูกยกเลิกแล้ว", "This agency is retired"),
    # notices after a change
    "admin_done_person_created": ("เพิ่มบุคลากรแล้ว", "Person added"),
    "admin_done_person_saved": ("บันทึกข้อมูลบุคคลแล้ว", "Profile saved"),
    "admin_done_access_saved": ("บันทึกสิทธิ์แล้ว มีผลทันที", "Access saved; in force now"),
    "admin_done_person_suspended": ("ระงับบัญชีแล้ว", "Account suspended"),
    "admin_done_person_restored": ("เปิดใช้บัญชีอีกครั้งแล้ว", "Account restored"),
    "admin_done_password_reset": ("ตั้งรหัสผ่านใหม่แล้ว", "Password reset"),
    "admin_done_unit_created": ("เพิ่มหน่วยย่อยแล้ว", "Unit added"),
    "admin_done_unit_saved": ("บันทึกหน่วยย่อยแล้ว", "Unit saved"),
    "admin_done_unit_retired": ("ยกเลิกหน่วยย่อยแล้ว", "Unit retired"),
    "admin_done_unit_restored": ("กลับมาใช้หน่วยย่อยแล้ว", "Unit restored"),
    "admin_done_route_saved": ("บันทึกเส้นทางเสนอตั้งต้นแล้ว", "Default route saved"),
    "admin_done_list_saved": ("บันทึกบัญชีรายชื่อแล้ว ({n} หน่วยงาน)", "List saved ({n} agencies)"),
    "admin_done_list_deleted": ("ลบบัญชีรายชื่อแล้ว", "List deleted"),
    "admin_done_key_revoked": ("ยกเลิก API key แล้ว", "API key revoked"),
    "admin_done_settings_saved": ("บันทึกการตั้งค่าแล้ว มีผลกับหนังสือฉบับต่อไป", "Settings saved; they apply from the next letter"),
    "admin_done_agency_created": ("เพิ่มหน่วยงานแล้ว", "Agency added"),
    "admin_done_agency_saved": ("บันทึกข้อมูลหน่วยงานแล้ว", "Agency saved"),
    "admin_done_agency_retired": ("ยกเลิกหน่วยงานแล้ว", "Agency retired"),
    "admin_done_agency_restored": ("กลับมาใช้หน่วยงานแล้ว", "Agency restored"),
    "admin_done_first_admin_created": ("เพิ่มผู้ดูแลระบบของหน่วยงานแล้ว", "Administrator added"),
    # --- meetings --------------------------------------------------------------------------------
    "meetings": ("การประชุม", "Meetings"),
    "meeting": ("การประชุม", "Meeting"),
    "committee": ("คณะกรรมการ", "Committee"),
    "no_meetings": ("ยังไม่มีการประชุม", "No meetings yet"),
    "older": ("การประชุมก่อนหน้า", "Earlier meetings"),
    "open_for_items": ("เปิดรับเรื่องเสนอ", "Open for agenda items"),
    "when": ("วัน เวลา", "Date and time"),
    "venue": ("สถานที่", "Venue"),
    "room": ("ห้องประชุม", "Room"),
    "floor": ("ชั้น", "Floor"),
    "building": ("อาคาร", "Building"),
    "online_url": ("ลิงก์ประชุมออนไลน์", "Online meeting link"),
    "meeting_date": ("วันที่ประชุม", "Meeting date"),
    "starts_at": ("เวลาเริ่ม", "Starts at"),
    "ends_at": ("เวลาเลิก (ถ้าทราบ)", "Ends at (if known)"),
    "schedule_meeting": ("กำหนดการประชุมใหม่", "Schedule a meeting"),
    "schedule": ("กำหนดการประชุม", "Schedule"),
    "no_committees": ("หน่วยงานของคุณยังไม่มีคณะกรรมการ", "Your agency runs no committee yet"),
    "committees": ("คณะกรรมการ", "Committees"),
    "manage_committees": ("คณะกรรมการและกรรมการ", "Committees and their members"),
    "sections": ("ระเบียบวาระ", "sections"),
    "new_committee": ("ตั้งคณะกรรมการ", "Set up a committee"),
    "committee_name_th": ("ชื่อคณะกรรมการ (ภาษาไทย)", "Committee name (Thai)"),
    "committee_name_en": ("ชื่อคณะกรรมการ (ภาษาอังกฤษ ถ้ามี)", "Committee name (English, optional)"),
    "agenda_template": ("ระเบียบวาระการประชุม", "Agenda sections"),
    "template_5_sections": ("๕ ระเบียบวาระ (ประธานแจ้ง รับรองรายงาน เพื่อทราบ เพื่อพิจารณา อื่น ๆ)",
                            "5 sections (chair, previous minutes, information, consideration, other)"),
    "template_6_sections": ("๖ ระเบียบวาระ (เพิ่มเรื่องสืบเนื่องจากการประชุมครั้งก่อน)",
                            "6 sections (adds matters arising from the previous meeting)"),
    "committee_notice": ("ตั้งคณะกรรมการแล้ว เพิ่มกรรมการได้ด้านล่าง", "Committee set up; add its members below"),
    "members": ("กรรมการ", "Members"),
    "member_name": ("ชื่อ-สกุล", "Name"),
    "member_role": ("ตำแหน่งในคณะกรรมการ", "Role on the committee"),
    "no_members": ("ยังไม่มีกรรมการ", "No members yet"),
    "add_member": ("เพิ่มกรรมการ", "Add a member"),
    "member_notice": ("เพิ่มกรรมการแล้ว", "Member added"),
    "find_member_agency": ("ค้นหาหน่วยงานของกรรมการ (ไม่เลือก = หน่วยงานของฉัน)",
                           "Find the member's agency (none chosen: my agency)"),
    "no_agency_found": ("ไม่พบหน่วยงาน", "No agency found"),
    "scheduled_notice": ("กำหนดการประชุมแล้ว", "Meeting scheduled"),
    "bad_moment": ("โปรดระบุวันที่และเวลาให้ครบถ้วน", "Please give a complete date and time"),
    "submission_deadline": ("กำหนดส่งเรื่อง", "Submission deadline"),
    "next_step": ("ขั้นต่อไป", "Next step"),
    "open_agenda": ("เปิดรับเรื่องเสนอเข้าวาระ", "Open the agenda for submissions"),
    "opened_notice": ("เปิดรับเรื่องเสนอแล้ว", "The agenda is open for submissions"),
    "lock_agenda": ("ปิดรับเรื่อง", "Close submissions"),
    "locked_notice": ("ปิดรับเรื่องแล้ว", "Submissions closed"),
    "revise_agenda": ("แก้ไขระเบียบวาระ (ฉบับใหม่)", "Revise the agenda (new version)"),
    "revising_notice": ("เปิดร่างระเบียบวาระให้แก้ไขแล้ว", "The draft is open for a new version"),
    "mark_held": ("บันทึกว่าได้ประชุมแล้ว", "Record that the meeting took place"),
    "held_notice": ("บันทึกการประชุมแล้ว", "Meeting recorded as held"),
    "agenda": ("ระเบียบวาระการประชุม", "Agenda"),
    "draft_agenda": ("ร่างระเบียบวาระ", "Draft agenda"),
    "section": ("ระเบียบวาระที่", "Section"),
    "no_items": ("ยังไม่มีเรื่อง", "No items yet"),
    "presented_by": ("โดย", "By"),
    "waiting_review": ("เรื่องที่เสนอเข้ามา รอพิจารณา", "Submitted items waiting for review"),
    "none_waiting": ("ไม่มีเรื่องรอพิจารณา", "Nothing waiting for review"),
    "sent_back": ("เรื่องที่ส่งคืนหรือเลื่อน", "Items returned or deferred"),
    "late": ("ส่งช้า", "Late"),
    "summary": ("สาระสำคัญ", "Summary"),
    "accept_item": ("บรรจุเข้าวาระ", "Accept onto the agenda"),
    "return_item": ("ส่งคืนให้แก้ไข", "Return for revision"),
    "defer_item": ("เลื่อนไปการประชุมครั้งต่อไป", "Defer to a later meeting"),
    "return_comment": ("สิ่งที่ขอให้แก้ไข", "What to revise"),
    "defer_comment": ("หมายเหตุถึงหน่วยงานที่เสนอ", "Note to the submitting agency"),
    "defer_to": ("ไปยังการประชุม", "To the meeting"),
    "not_decided": ("ยังไม่กำหนด", "Not decided yet"),
    "reviewed_notice": ("บันทึกผลการพิจารณาแล้ว", "Decision recorded"),
    "move_up": ("เลื่อนขึ้น", "Move up"),
    "move_down": ("เลื่อนลง", "Move down"),
    "drag_hint": ("ลากเพื่อจัดลำดับ หรือใช้ปุ่มเลื่อนขึ้น/ลง", "Drag to reorder, or use the move up/down buttons"),
    "drag_handle": ("ลากเพื่อย้าย", "Drag to move"),
    "moved_notice": ("ย้าย \"{title}\" เป็นข้อ {number} แล้ว", "Moved \"{title}\" to {number}"),
    "take_off": ("ถอนออกจากวาระ", "Take off the agenda"),
    "take_off_confirm": ("ถอนเรื่องนี้ออกจากระเบียบวาระ?", "Take this item off the agenda?"),
    "removed_notice": ("ถอนเรื่องออกจากวาระแล้ว", "Item taken off the agenda"),
    "submit_item": ("เสนอเรื่องเข้าวาระ", "Submit an agenda item"),
    "add_item": ("เพิ่มเรื่องเข้าวาระ", "Add an agenda item"),
    "item_title": ("ชื่อเรื่อง", "Title"),
    "item_files": ("เอกสารประกอบ (PDF)", "Supporting documents (PDF)"),
    "submitted_notice": ("เสนอเรื่องแล้ว รอฝ่ายเลขานุการพิจารณา", "Item submitted; the secretariat will review it"),
    "added_notice": ("เพิ่มเรื่องเข้าวาระแล้ว", "Item added to the agenda"),
    "my_items": ("เรื่องที่หน่วยงานของฉันเสนอ", "Items my agency submitted"),
    "secretariat_comment": ("ความเห็นฝ่ายเลขานุการ", "Secretariat's comment"),
    "revise_item": ("แก้ไขแล้วเสนออีกครั้ง", "Revise and resubmit"),
    "revised_notice": ("แก้ไขเรื่องแล้ว", "Item revised"),
    "keep_files": ("เอกสารประกอบเดิมยังคงอยู่ เว้นแต่แนบไฟล์ใหม่", "The current documents stay unless you attach new ones"),
    "preview": ("ตัวอย่างระเบียบวาระ", "Agenda preview"),
    "draft_hint": ("ร่างนี้อาจเปลี่ยนแปลงได้จนกว่าฝ่ายเลขานุการจะเผยแพร่", "This draft may change until the secretariat publishes it"),
    "preview_hint": ("ร่างนี้ยังไม่เผยแพร่ เมื่อเผยแพร่แล้วระบบจะสร้างเอกสารประกอบการประชุมและส่งหนังสือเชิญ",
                     "This draft is not published; publishing builds the pack and sends the invitation letter"),
    "publish": ("เผยแพร่ระเบียบวาระและส่งหนังสือเชิญ", "Publish the agenda and send the invitation"),
    "invitation_signer": ("ผู้ลงนามหนังสือเชิญประชุม", "Who signs the invitation letter"),
    "invitation_no_signer": ("ส่งทันทีในนามฝ่ายเลขานุการ (ไม่ต้องเสนอลงนาม)",
                             "Send at once in the secretariat's name (no signature)"),
    "published_notice": ("เผยแพร่ระเบียบวาระแล้ว ฉบับที่ {number}", "Agenda published as version {number}"),
    "versions": ("ฉบับที่เผยแพร่", "Published versions"),
    "version": ("ฉบับที่", "Version"),
    "changes": ("สิ่งที่เปลี่ยนจากฉบับก่อน", "What changed since the previous version"),
    "pack_pdf": ("เอกสารประกอบการประชุม (PDF)", "Agenda pack (PDF)"),
    "agenda_docx": ("ระเบียบวาระ (DOCX แก้ไขได้)", "Agenda (editable DOCX)"),
    "pages": ("หน้า", "pages"),
    "attendance": ("ผู้มาประชุม", "Attendance"),
    "present": ("มาประชุม", "Present"),
    "substitute": ("มาแทน", "Substitute"),
    "absent": ("ไม่มาประชุม", "Absent"),
    "substitute_name": ("ชื่อผู้มาแทน", "Name of the substitute"),
    "absence_reason": ("เหตุที่ไม่มา", "Reason for absence"),
    "guests": ("ผู้เข้าร่วมประชุม (บรรทัดละคน: ชื่อ, ตำแหน่ง)", "Others attending (one a line: name, position)"),
    "save": ("บันทึก", "Save"),
    "no_attendance": ("ยังไม่ได้บันทึกผู้มาประชุม", "No attendance recorded yet"),
    "attendance_notice": ("บันทึกผู้มาประชุมแล้ว", "Attendance saved"),
    "minutes": ("รายงานการประชุม", "Minutes"),
    "started_at": ("เริ่มประชุมเวลา", "Started at"),
    "ended_at": ("เลิกประชุมเวลา", "Ended at"),
    "discussion": ("สรุปการอภิปราย", "Discussion"),
    "resolution": ("มติที่ประชุม", "Resolution"),
    "minute_taker": ("ผู้จดรายงานการประชุม", "Minute-taker"),
    "reviewer": ("ผู้ตรวจรายงานการประชุม", "Reviewer"),
    "minutes_notice": ("บันทึกรายงานการประชุมแล้ว", "Minutes saved"),
    "minutes_pdf": ("รายงานการประชุม (PDF)", "Minutes (PDF)"),
    "approve_minutes": ("รับรองรายงานการประชุม", "Approve the minutes"),
    "approved_at_meeting": ("รับรองในการประชุม", "Approved at the meeting"),
    "approved_notice": ("รับรองรายงานการประชุมแล้ว", "Minutes approved"),
    "minutes_locked": ("รายงานการประชุมรับรองแล้ว แก้ไขไม่ได้", "The minutes are approved and locked"),
    "follow_up": ("งานที่ต้องดำเนินการตามมติ", "Follow-up action"),
    "follow_ups": ("มอบหมายงานตามมติที่ประชุม", "Follow-up actions from the resolutions"),
    "follow_up_what": ("สิ่งที่ต้องดำเนินการ", "What to do"),
    "resolution_of_item": ("ตามมติวาระที่", "Resolution on item"),
    "due_date": ("กำหนดแล้วเสร็จ", "Due"),
    "assign_follow_up": ("มอบหมายงาน", "Assign the action"),
    "follow_up_pending": ("รอดำเนินการ", "Pending"),
    "follow_up_completed": ("ดำเนินการแล้ว", "Done"),
    "report": ("ผลการดำเนินงาน", "What was done"),
    "report_done": ("รายงานผลการดำเนินงาน", "Report it done"),
    "follow_up_notice": ("มอบหมายงานตามมติแล้ว", "Follow-up action assigned"),
    "completed_notice": ("รายงานผลแล้ว", "Reported done"),
    "minutes_later": ("บันทึกรายงานการประชุมได้หลังบันทึกว่าได้ประชุมแล้ว",
                      "Minutes can be written once the meeting is recorded as held"),
    "remove_member": ("ให้พ้นจากคณะ", "Remove from the committee"),
    "remove_member_confirm": ("ให้กรรมการรายนี้พ้นจากคณะกรรมการหรือไม่ รายชื่อผู้มาประชุมครั้งก่อน ๆ ยังคงอยู่",
                              "Remove this member? Past attendance keeps their name."),
    "member_removed_notice": ("กรรมการพ้นจากคณะแล้ว", "Member removed"),
    "delete_committee": ("ลบคณะกรรมการ", "Delete the committee"),
    "delete_committee_hint": ("ลบได้เฉพาะคณะกรรมการที่ยังไม่เคยกำหนดการประชุม (เช่น ตั้งผิด)",
                              "Only a committee that never had a meeting can be deleted (e.g. one set up by mistake)"),
    "delete_committee_confirm": ("ลบคณะกรรมการนี้และรายชื่อกรรมการหรือไม่ เมื่อลบแล้วเรียกคืนไม่ได้",
                                 "Delete this committee and its members? It cannot be undone."),
    "committee_deleted_notice": ("ลบคณะกรรมการแล้ว", "Committee deleted"),
    "cancel_meeting": ("ยกเลิกการประชุม", "Cancel the meeting"),
    "cancel_reason": ("เหตุที่ยกเลิก (แจ้งกรรมการทุกคน)", "Reason (told to every member)"),
    "cancelled_because": ("เหตุที่ยกเลิก", "Reason"),
    "deadline_time": ("เวลาปิดรับเรื่อง", "Closing time"),
    "cancel_meeting_confirm": ("ยกเลิกการประชุมครั้งนี้และแจ้งกรรมการหรือไม่", "Cancel this meeting and tell its members?"),
    "cancelled_notice": ("ยกเลิกการประชุมแล้ว แจ้งกรรมการแล้ว", "Meeting cancelled; the members were told"),
    "meeting_cancelled": ("การประชุมครั้งนี้ยกเลิกแล้ว", "This meeting was cancelled"),
    "parent_item": ("เป็นเรื่องย่อยของ (ถ้ามี)", "Sub-item of (optional)"),
    "no_parent": ("ไม่ใช่เรื่องย่อย", "Not a sub-item"),
    "parent_hint": ("เลือกเรื่องที่บรรจุในวาระแล้ว เรื่องย่อยจะอยู่ในระเบียบวาระเดียวกับเรื่องหลัก",
                    "Choose an item already on the agenda; a sub-item goes in its main item's section"),
    # --- letters: rough edges ---------------------------------------------------------------------------
    "session_expired": ("หมดเวลาการเข้าใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง", "Your session has expired. Please sign in again."),
    "form_kept": ("ข้อความที่กรอกไว้ยังอยู่ครบ ยังไม่ได้บันทึก โปรดตรวจแล้วกดบันทึกหรือส่งอีกครั้ง",
                  "What you typed is kept but not saved yet: check it, then save or send again"),
    "form_kept_login": ("ข้อความที่กรอกไว้จะยังอยู่หลังเข้าสู่ระบบ", "What you typed will be kept after you sign in"),
    "required_mark_hint": ("ช่องที่มีเครื่องหมาย * ต้องกรอก", "Fields marked * are required"),
    "assign_needs_deadline": ("การมอบหมายต้องมีกำหนดเสร็จ โปรดกรอกกำหนดเสร็จ", "An assignment needs a deadline: please fill it in"),
    "route_to_missing": ("โปรดเลือกผู้รับหรือหน่วยงาน", "Please choose a person or unit"),
    "be_date_invalid": ("{label}: โปรดกรอกเป็น วัน/เดือน/ปี พ.ศ. เช่น 15/12/2569",
                        "{label}: please write day/month/Buddhist Era year, e.g. 15/12/2569"),
    "pick_date": ("เลือกวันที่จากปฏิทิน", "Pick the date from a calendar"),
    "prev_month": ("เดือนก่อน", "Previous month"),
    "next_month": ("เดือนถัดไป", "Next month"),
    "close_calendar": ("ปิดปฏิทิน", "Close the calendar"),
    "file_refused": ("ไฟล์ “{name}” ใช้ไม่ได้: {reason} — รับเฉพาะ {types} ขนาดไม่เกิน {size} ต่อไฟล์",
                     "The file “{name}” was refused: {reason}. Accepted: {types}, up to {size} each"),
    "file_types": ("PDF, รูปภาพ (PNG, JPEG, TIFF, GIF, WebP), Word, Excel, PowerPoint, OpenDocument",
                   "PDF, images (PNG, JPEG, TIFF, GIF, WebP), Word, Excel, PowerPoint, OpenDocument"),
    "files_accepted_hint": ("รับไฟล์ {types}", "Accepted: {types}"),
    "mark_all_read": ("อ่านทั้งหมด", "Mark all as read"),
    "all_read_notice": ("ทำเครื่องหมายว่าอ่านแล้วทั้งหมด", "All notifications marked as read"),
    "new_letters": ("หนังสือใหม่รอลงรับ", "New letters to register"),
    "accept_selected": ("ลงรับที่เลือก", "Register the selected"),
    "select_letter": ("เลือก {subject}", "Select {subject}"),
    "select_all_new": ("เลือกหนังสือใหม่ทั้งหมด", "Select all new letters"),
    "bulk_accepted_notice": ("ลงรับแล้ว เลขรับที่ {number}", "Registered, receipt numbers {number}"),
    "none_selected": ("ยังไม่ได้เลือกหนังสือ", "No letter selected"),
    "recipients_summary": ("ลงรับแล้ว {accepted}/{total}", "Registered {accepted}/{total}"),
    "summary_waiting": ("รอลงรับ {n}", "{n} waiting"),
    "summary_refused": ("ไม่รับ {n}", "{n} refused"),
    "register_period": ("ช่วงที่ต้องการ", "Period"),
    "whole_year": ("ทั้งปี", "A whole year"),
    "date_range": ("ช่วงวันที่", "A date range"),
    "shortcuts": ("ทางลัด", "Shortcuts"),
    "date_order": ("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น", "The last day must not be before the first"),
    "deadline_for_assign": ("(ต้องกรอกเมื่อมอบหมาย)", "(required to assign)"),
    "someone_in_agency": ("ผู้รับในหน่วยงาน", "someone in the agency"),
    # --- the review chain: เสนอ – ตรวจ – ลงนาม ---------------------------------------------------------
    "review_waiting": ("รอพิจารณา", "Waiting for me"),
    "review_proposed": ("ที่ฉันเสนอ", "My proposals"),
    "review_to_number": ("รอออกเลข", "Waiting for a number"),
    "nothing_waiting": ("ไม่มีหนังสือรอท่านพิจารณา", "Nothing is waiting for you"),
    "nothing_proposed": ("ท่านยังไม่มีหนังสือที่เสนอ", "You have proposed nothing yet"),
    "nothing_to_number": ("ไม่มีหนังสือลงนามแล้วที่รอออกเลข", "No signed letter is waiting for a number"),
    "as_delegate_of": ("แทน {name}", "for {name}"),
    "drafter": ("เจ้าของเรื่อง", "Drafter"),
    "now_with": ("ขณะนี้อยู่ที่", "Now with"),
    "since": ("ตั้งแต่", "Since"),
    "propose_heading": ("เสนอ", "Propose"),
    "propose_hint": ("เลือกผู้ตรวจตามลำดับ คนสุดท้ายในเส้นทางเป็นผู้ลงนาม", "Choose the reviewers in order; the last "
                     "person on the route signs"),
    "review_route": ("เส้นทางเสนอ", "Route"),
    "route_empty": ("ยังไม่มีผู้ใดในเส้นทาง", "Nobody is on the route yet"),
    "find_person": ("ค้นหาผู้ตรวจหรือผู้ลงนาม (ชื่อหรือตำแหน่ง)", "Find a reviewer or signer (name or position)"),
    "add_to_route": ("เพิ่มในเส้นทาง", "Add to the route"),
    "no_person_found": ("ไม่พบบุคคล", "Nobody found"),
    "step_review": ("ตรวจ", "Reviews"),
    "step_sign": ("ลงนาม", "Signs"),
    "proposal_note": ("ข้อความเสนอ (ถ้ามี)", "Note (optional)"),
    "propose": ("เสนอ", "Propose"),
    "proposed_notice": ("เสนอแล้ว", "Proposed"),
    "review_heading": ("การเสนอหนังสือ", "Review and signature"),
    "round": ("รอบที่", "Round"),
    "step": ("ขั้นที่", "Step"),
    "acting_delegate": ("ผู้ปฏิบัติแทน", "Delegate"),
    "your_turn": ("ถึงขั้นตอนของท่าน", "It is your turn"),
    "you_act_for": ("ท่านดำเนินการแทน {name}", "You act for {name}"),
    "pass": ("ผ่าน", "Pass"),
    "pass_note": ("ความเห็น (ถ้ามี)", "Note (optional)"),
    "return_for_changes": ("ส่งกลับแก้ไข", "Return for changes"),
    "return_to": ("ส่งกลับไปยัง", "Return to"),
    "back_to_drafter": ("เจ้าของเรื่อง (แก้ไขร่าง)", "The drafter (to revise)"),
    "sign": ("ลงนาม", "Sign"),
    "sign_note": ("บันทึก (ถ้ามี)", "Note (optional)"),
    "refuse": ("ไม่ลงนาม", "Do not sign"),
    "recall": ("ดึงกลับ", "Recall"),
    "recall_confirm": ("ดึงร่างหนังสือกลับมาแก้ไขหรือไม่ การเสนอรอบนี้จะสิ้นสุด",
                       "Take the draft back? This round of review ends."),
    "passed_notice": ("ผ่านแล้ว ส่งต่อขั้นถัดไป", "Passed on to the next step"),
    "returned_notice": ("ส่งกลับแก้ไขแล้ว", "Returned for changes"),
    "signed_notice": ("ลงนามแล้ว", "Signed"),
    "refused_notice": ("ไม่ลงนาม ส่งคืนเจ้าของเรื่องแล้ว", "Not signed; back with the drafter"),
    "recalled_notice": ("ดึงกลับแล้ว แก้ไขร่างแล้วเสนอใหม่ได้", "Recalled; revise the draft and propose it again"),
    "version_changed_notice": ("ร่างหนังสือถูกแก้ไขหลังจากท่านเปิดอ่าน หน้านี้แสดงฉบับล่าสุดแล้ว โปรดอ่านอีกครั้ง",
                               "The draft changed after you opened it; this page now shows the latest version, "
                               "please read it again"),
    "review_history": ("ประวัติการเสนอ", "History"),
    "draft_versions": ("ฉบับร่าง", "Versions of the draft"),
    "version_by": ("ฉบับที่ {version} โดย {name}", "Version {version} by {name}"),
    "compare_versions": ("เปรียบเทียบฉบับ", "Compare versions"),
    "compare": ("เปรียบเทียบ", "Compare"),
    "diff_from": ("จากฉบับที่", "From version"),
    "diff_to": ("กับฉบับที่", "To version"),
    "diff_legend": ("ข้อความที่เพิ่มขีดเส้นใต้ ข้อความที่ลบขีดฆ่า", "Added words are underlined, removed words struck through"),
    "diff_none": ("สองฉบับนี้ไม่ต่างกัน", "These two versions are the same"),
    "inserted": ("เพิ่ม", "added"),
    "deleted": ("ลบ", "removed"),
    "reviewing_hint": ("อ่านอย่างเดียว หนังสือที่อยู่ระหว่างเสนอแก้ไขไม่ได้", "Read only: a letter in review cannot be edited"),
    "open_review": ("ดูการเสนอ", "Open the review"),
    "last_returned": ("{name} ส่งกลับแก้ไข: {note}", "{name} returned it: {note}"),
    "last_refused": ("{name} ไม่ลงนาม: {note}", "{name} did not sign: {note}"),
    # --- digital signatures ----------------------------------------------------------------------------------
    "e_signature": ("ลายมือชื่ออิเล็กทรอนิกส์", "Digital signature"),
    "my_certificate": ("ใบรับรองสำหรับลงนามของท่าน", "Your signing certificate"),
    "cert_subject": ("ผู้ถือใบรับรอง", "Holder"),
    "cert_issuer": ("ออกโดย", "Issued by"),
    "cert_serial": ("เลขประจำใบรับรอง", "Serial number"),
    "cert_issued_at": ("ออกเมื่อ", "Issued"),
    "cert_valid_until": ("ใช้ได้ถึง", "Valid until"),
    "not_enrolled": ("ท่านยังไม่มีใบรับรองสำหรับลงนาม ตั้งรหัส PIN ลงนามเพื่อรับใบรับรอง",
                     "You have no signing certificate yet: set a signing PIN to get one"),
    "set_pin": ("ตั้งรหัส PIN ลงนาม", "Set a signing PIN"),
    "reset_pin": ("ลืมรหัส PIN? ตั้งใหม่และออกใบรับรองใหม่", "Forgot the PIN? Set a new one with a new certificate"),
    "pin": ("รหัส PIN ลงนาม", "Signing PIN"),
    "pin_confirm": ("ยืนยันรหัส PIN อีกครั้ง", "The PIN again"),
    "pin_hint": ("อย่างน้อย 6 ตัวอักษร", "At least 6 characters"),
    "pin_explained": ("ระบบไม่เก็บรหัส PIN ไว้ที่ใด รหัสนี้ใช้เปิดกุญแจลงนามของท่านในอุปกรณ์เก็บกุญแจ (token) "
                      "ทุกครั้งที่ลงนาม หากลืมรหัส PIN ต้องตั้งใหม่ ซึ่งจะเพิกถอนใบรับรองเดิมและออกใบรับรองใหม่ "
                      "หนังสือที่ลงนามไปแล้วยังคงตรวจสอบได้ว่าถูกต้อง",
                      "The PIN is never stored: it opens your signing key in its token each time you sign. "
                      "A forgotten PIN means setting a new one, which revokes the old certificate and issues a "
                      "new one; letters already signed still verify as valid."),
    "reset_pin_confirm": ("ตั้งรหัส PIN ใหม่หรือไม่ ใบรับรองเดิมจะถูกเพิกถอน",
                          "Set a new PIN? The old certificate will be revoked."),
    "pin_too_short": ("รหัส PIN ต้องมีอย่างน้อย 6 ตัวอักษร", "The PIN needs at least 6 characters"),
    "pin_mismatch": ("รหัส PIN ทั้งสองช่องไม่ตรงกัน", "The two PINs differ"),
    "enrolled_notice": ("ออกใบรับรองสำหรับลงนามแล้ว", "Your signing certificate is ready"),
    "signature_image": ("ภาพลายมือชื่อ", "Handwritten signature image"),
    "signature_image_hint": ("ไฟล์ PNG หรือ JPEG ไม่เกิน 512 KB พื้นโปร่งใสหรือสีขาว ภาพนี้จะแสดงในช่องลงนามของหนังสือ",
                             "PNG or JPEG up to 512 KB, on a transparent or white background; drawn in the "
                             "letter's signature block"),
    "no_signature_image": ("ยังไม่มีภาพลายมือชื่อ หนังสือจะแสดงชื่อและตำแหน่งโดยไม่มีภาพ",
                           "No image yet: your signatures show your name and position only"),
    "current_image": ("ภาพลายมือชื่อปัจจุบัน", "Current signature image"),
    "choose_image": ("เลือกไฟล์ภาพ", "Choose an image file"),
    "upload_image": ("อัปโหลดภาพ", "Upload the image"),
    "replace_image": ("เปลี่ยนภาพ", "Replace the image"),
    "remove_image": ("ลบภาพลายมือชื่อ", "Remove the image"),
    "remove_image_confirm": ("ลบภาพลายมือชื่อหรือไม่", "Remove your signature image?"),
    "no_file_chosen": ("โปรดเลือกไฟล์ภาพ", "Please choose an image file"),
    "image_saved_notice": ("บันทึกภาพลายมือชื่อแล้ว", "Signature image saved"),
    "image_removed_notice": ("ลบภาพลายมือชื่อแล้ว", "Signature image removed"),
    "signing_executives_only": ("การลงลายมือชื่ออิเล็กทรอนิกส์มีสำหรับผู้บริหารที่ลงนามหนังสือ",
                                "Digital signatures are for the executives who sign letters"),
    "open_signing_copy": ("เปิดฉบับที่จะลงนาม (PDF)", "Open the PDF you will sign"),
    "open_signing_copy_hint": ("เลขที่และวันที่จะพิมพ์ลงในช่องว่างเมื่อท่านลงนาม",
                               "Its number and date are printed in the blanks as you sign"),
    "sign_with_pin_hint": ("หนังสือจะได้รับเลขที่ ลงวันที่ และลงลายมือชื่ออิเล็กทรอนิกส์ทันทีที่ท่านลงนาม",
                           "The letter is numbered, dated and digitally signed as soon as you sign"),
    "sign_by_approval_only": ("ท่านยังไม่มีใบรับรองสำหรับลงนาม การลงนามครั้งนี้เป็นการอนุมัติในระบบเท่านั้น "
                              "ไม่มีลายมือชื่ออิเล็กทรอนิกส์",
                              "You have no signing certificate: this signature is an approval in the system only, "
                              "without a digital signature."),
    "enroll_here": ("ตั้งรหัส PIN ลงนามได้ที่หน้า ลายมือชื่ออิเล็กทรอนิกส์", "Set a signing PIN on the Digital signature page"),
    "verdict_valid": ("✔ ลายมือชื่อถูกต้อง", "✔ Signature valid"),
    "verdict_modified": ("✖ ถูกแก้ไขหลังลงนาม", "✖ Changed after signing"),
    "verdict_untrusted": ("⚠ ผู้ลงนามไม่อยู่ในรายชื่อที่เชื่อถือ", "⚠ Signer not on the trusted list"),
    "verdict_revoked": ("⊘ ใบรับรองถูกเพิกถอน", "⊘ Certificate revoked"),
    "verdict_pending": ("… กำลังตรวจลายมือชื่อ", "… Checking the signature"),
    "signature_check": ("การตรวจลายมือชื่ออิเล็กทรอนิกส์", "Digital signature check"),
    "checked_at": ("ตรวจเมื่อ", "Checked"),
    "signer": ("ผู้ลงนาม", "Signer"),
    "issuing_ca": ("ผู้ออกใบรับรอง", "Issuing CA"),
    "signed_at": ("ลงนามเมื่อ", "Signed"),
    "timestamp": ("การประทับเวลา", "Timestamp"),
    "timestamped_yes": ("มีตราประทับเวลาจากผู้ให้บริการประทับเวลา", "Timestamped by a time-stamping authority"),
    "timestamped_no": ("ไม่มีตราประทับเวลา (เวลาตามเครื่องผู้ลงนาม)", "Not timestamped (the signer's own clock)"),
    "signature_role_certifying": ("ลายมือชื่อผู้ลงนามหนังสือ", "The letter's signature"),
    "signature_role_other": ("ตราประทับรับหนังสือ", "Receipt stamp seal"),
    "revoked_on": ("ใบรับรองถูกเพิกถอนเมื่อ", "Certificate revoked on"),
    "check_again": ("ตรวจสอบอีกครั้ง", "Check again"),
    "checked_notice": ("ตรวจลายมือชื่ออีกครั้งแล้ว", "Signature checked again"),
    "report_invalid": ("แจ้งหนังสือไม่ถูกต้อง", "Report the letter as invalid"),
    "report_invalid_hint": ("ส่งคืนผู้ส่งพร้อมเหตุผลว่าลายมือชื่ออิเล็กทรอนิกส์ไม่ถูกต้อง",
                            "Returns it to the sender, saying its digital signature failed"),
    "report_invalid_confirm": ("ส่งคืนหนังสือฉบับนี้ให้ผู้ส่ง โดยแจ้งว่าไม่ถูกต้อง ({verdict}) หรือไม่",
                               "Return this letter to its sender as invalid ({verdict})?"),
    "invalid_reason": ("หนังสือไม่ถูกต้อง: ผลตรวจลายมือชื่ออิเล็กทรอนิกส์ {verdict} (ตรวจเมื่อ {checked})",
                       "Invalid letter: digital signature check {verdict} (checked {checked})"),
    "invalid_warning": ("อย่าดำเนินการตามหนังสือฉบับนี้จนกว่าจะได้ตรวจสอบกับผู้ส่ง",
                        "Do not act on this letter until you have checked with its sender"),
    "stamped_copy": ("ฉบับของหน่วยงานเรา (ประทับตรารับหนังสือ)", "Our copy (with the receipt stamp)"),
    "stamped_copy_hint": ("ฉบับที่มีตรารับหนังสือของหน่วยงาน ประทับด้วยตราอิเล็กทรอนิกส์ ลายมือชื่อของผู้ส่งยังถูกต้อง",
                          "Carries our receipt stamp, sealed electronically; the sender's signature stays valid"),
    "as_sent": ("ฉบับที่ผู้ส่งส่งมา", "As sent"),
    # --- delegations: รักษาราชการแทน / ปฏิบัติราชการแทน ----------------------------------------------------------
    "delegations": ("รักษาราชการแทน", "Acting and delegation"),
    "delegations_heading": ("การรักษาราชการแทนและการปฏิบัติราชการแทน", "Acting for and acting on behalf"),
    "delegations_active": ("กำลังมีผล", "In force"),
    "delegations_upcoming": ("จะมีผล", "Upcoming"),
    "no_delegations": ("ไม่มี", "None"),
    "delegation_kind": ("ประเภท", "Kind"),
    "holder": ("ผู้ดำรงตำแหน่ง", "Post holder"),
    "delegate_person": ("ผู้รักษาราชการแทน / ผู้ปฏิบัติราชการแทน", "Delegate"),
    "post_title": ("ตำแหน่งที่รักษาราชการแทน / ปฏิบัติราชการแทน", "Post acted for"),
    "scope": ("ขอบเขต", "Scope"),
    "period": ("ระยะเวลา", "Period"),
    "starts_on": ("ตั้งแต่วันที่", "From"),
    "ends_on": ("ถึงวันที่", "Until"),
    "be_date_hint": ("วัน/เดือน/ปี พ.ศ. เช่น 15/12/2569", "day/month/B.E. year, e.g. 15/12/2569"),
    "bad_be_date": ("โปรดพิมพ์วันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 15/12/2569",
                    "Please type the date as day/month/B.E. year, e.g. 15/12/2569"),
    "choose_person": ("เลือกบุคคล", "Choose a person"),
    "ends_before_start": ("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น", "The end cannot come before the start"),
    "delegate_is_holder": ("ผู้รักษาราชการแทนต้องไม่ใช่ผู้ดำรงตำแหน่งเอง", "The delegate cannot be the post holder"),
    "not_allowed_to_delegate": ("ท่านไม่มีสิทธิ์กำหนดการรักษาราชการแทน", "You may not set delegations"),
    "new_delegation": ("มอบหมายใหม่", "New delegation"),
    "create_delegation": ("บันทึกการมอบหมาย", "Save the delegation"),
    "delegation_notice": ("บันทึกการมอบหมายแล้ว", "Delegation saved"),
    "end_delegation": ("สิ้นสุดก่อนกำหนด", "End now"),
    "end_delegation_confirm": ("สิ้นสุดการมอบหมายนี้ทันทีหรือไม่", "End this delegation now?"),
    "delegation_ended_notice": ("สิ้นสุดการมอบหมายแล้ว", "Delegation ended"),
}

STATUS_TEXT: dict[str, tuple[str, str]] = {
    "draft": ("ร่าง", "Draft"),
    "sent": ("ส่งแล้ว", "Sent"),
    "delivered": ("รอลงรับ", "Awaiting registration"),
    "accepted": ("ลงรับแล้ว", "Registered"),
    "rejected": ("ไม่รับ", "Refused"),
    "wrong_recipient": ("ส่งผิดหน่วยงาน", "Wrong recipient"),
    "withdrawn": ("ดึงคืนแล้ว", "Withdrawn"),
    "posted": ("ส่งทางไปรษณีย์", "Posted on paper"),
    "closed": ("เก็บเรื่องแล้ว", "Closed"),
}
MEETING_STATE_TEXT: dict[str, tuple[str, str]] = {
    "planned": ("กำหนดการแล้ว", "Scheduled"),
    "agenda_open": ("เปิดรับเรื่องเสนอ", "Open for agenda items"),
    "agenda_locked": ("ปิดรับเรื่อง จัดทำระเบียบวาระ", "Submissions closed; agenda being prepared"),
    "published": ("เผยแพร่ระเบียบวาระแล้ว", "Agenda published"),
    "held": ("ประชุมแล้ว", "Held"),
    "minutes_drafted": ("ร่างรายงานการประชุมแล้ว", "Minutes drafted"),
    "minutes_approved": ("รับรองรายงานการประชุมแล้ว", "Minutes approved"),
    "cancelled": ("ยกเลิกการประชุมแล้ว", "Cancelled"),
}
ITEM_STATUS_TEXT: dict[str, tuple[str, str]] = {
    "submitted": ("รอพิจารณา", "Waiting for review"),
    "accepted": ("บรรจุเข้าวาระแล้ว", "On the agenda"),
    "returned": ("ส่งคืนให้แก้ไข", "Returned for revision"),
    "deferred": ("เลื่อนไปครั้งต่อไป", "Deferred"),
}
ATTENDANCE_TEXT: dict[str, tuple[str, str]] = {
    "present": ("มาประชุม", "Present"), "substitute": ("มาประชุมแทน", "Substitute"),
    "absent": ("ไม่มาประชุม", "Absent"), "guest": ("ผู้เข้าร่วมประชุม", "Attending"),
}
SECTION_KIND_EN = {
    "chair": "Announcements from the chair", "minutes": "Approval of the previous minutes",
    "matters_arising": "Matters arising", "information": "For information", "consideration": "For consideration",
    "other": "Other matters",
}
ROLE_TEXT: dict[str, tuple[str, str]] = {
    "chair": ("ประธานกรรมการ", "Chair"), "vice_chair": ("รองประธานกรรมการ", "Vice chair"),
    "member": ("กรรมการ", "Member"), "secretary": ("กรรมการและเลขานุการ", "Member and secretary"),
    "assistant_secretary": ("กรรมการและผู้ช่วยเลขานุการ", "Member and assistant secretary"),
    "advisor": ("ที่ปรึกษา", "Advisor"),
}
REVIEW_STATUS_TEXT: dict[str, tuple[str, str]] = {
    "in_review": ("อยู่ระหว่างเสนอ", "In review"), "returned": ("ส่งกลับแก้ไข", "Returned for changes"),
    "signed": ("ลงนามแล้ว", "Signed"), "refused": ("ไม่ลงนาม", "Not signed"), "recalled": ("ดึงกลับแล้ว", "Recalled"),
}
STEP_STATE_TEXT: dict[str, tuple[str, str]] = {
    "waiting": ("รอ", "Waiting"), "open": ("กำลังพิจารณา", "With them now"), "passed": ("ผ่าน", "Passed"),
    "returned": ("ส่งกลับแก้ไข", "Returned"), "signed": ("ลงนามแล้ว", "Signed"), "refused": ("ไม่ลงนาม", "Not signed"),
}
REVIEW_ACTION_TEXT: dict[str, tuple[str, str]] = {
    "proposed": ("เสนอ", "Proposed"), "passed": ("ผ่าน", "Passed"), "returned": ("ส่งกลับแก้ไข", "Returned"),
    "revised": ("แก้ไขร่าง", "Revised"), "signed": ("ลงนาม", "Signed"), "refused": ("ไม่ลงนาม", "Refused to sign"),
    "recalled": ("ดึงกลับ", "Recalled"),
}
DELEGATION_KIND_TEXT: dict[str, tuple[str, str]] = {
    "acting": ("รักษาราชการแทน", "Acting for (รักษาราชการแทน)"),
    "on_behalf": ("ปฏิบัติราชการแทน", "On behalf of (ปฏิบัติราชการแทน)"),
}
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
URGENCY_EN = {Urgency.NORMAL: "Normal", Urgency.URGENT: "Urgent", Urgency.VERY_URGENT: "Very urgent",
              Urgency.MOST_URGENT: "Most urgent"}
SECRECY_EN = {Secrecy.NORMAL: "Normal", Secrecy.CONFIDENTIAL: "Confidential", Secrecy.SECRET: "Secret",
              Secrecy.TOP_SECRET: "Top secret"}
KIND_TEXT: dict[str, tuple[str, str]] = {
    "external": ("หนังสือภายนอก", "External letter"),
    "internal": ("หนังสือภายใน (บันทึกข้อความ)", "Internal memo"),
    "sealed": ("หนังสือประทับตรา", "Sealed letter"),
    "directive": ("หนังสือสั่งการ", "Directive"),
    "publicity": ("หนังสือประชาสัมพันธ์", "Publicity"),
    "evidentiary": ("หนังสือที่เจ้าหน้าที่ทำขึ้นหรือรับไว้เป็นหลักฐาน", "Evidentiary document"),
}

SUBTYPE_TEXT: dict[str, tuple[str, str]] = {
    "order": ("คำสั่ง", "Order"), "regulation": ("ระเบียบ", "Regulation"), "bylaw": ("ข้อบังคับ", "By-law"),
    "announcement": ("ประกาศ", "Announcement"), "statement": ("แถลงการณ์", "Statement"), "news": ("ข่าว", "News"),
    "certificate": ("หนังสือรับรอง", "Certificate"), "minutes": ("รายงานการประชุม", "Minutes"),
    "record": ("บันทึก", "Record"), "other": ("หนังสืออื่น", "Other record"),
}


def lang_of(request: Request) -> Lang:
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "th"


def thai_digits_of(request: Request) -> bool:
    return request.cookies.get(DIGITS_COOKIE) == "thai"


class Wording:
    """What a template needs to speak the reader's language: texts, labels and date formats."""

    def __init__(self, lang: Lang, *, thai_digits: bool) -> None:
        self.lang = lang
        self.thai_digits = thai_digits

    def __call__(self, key: str, **values: object) -> str:
        th, en = TEXT[key]
        return (en if self.lang == "en" else th).format(**values)

    def _pick(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.lang == "en" else pair[0]

    def status(self, status: str) -> str:
        return self._pick(STATUS_TEXT.get(status, (status, status)))

    def kind(self, kind: str) -> str:
        return self._pick(KIND_TEXT.get(kind, (kind, kind)))

    def subtype(self, subtype: str) -> str:
        return self._pick(SUBTYPE_TEXT.get(subtype, (subtype, subtype)))

    def urgency(self, level: int) -> str:
        return URGENCY_EN[Urgency(level)] if self.lang == "en" else URGENCY_TH[Urgency(level)]

    def secrecy(self, level: int) -> str:
        return SECRECY_EN[Secrecy(level)] if self.lang == "en" else SECRECY_TH[Secrecy(level)]

    def review_status(self, status: str) -> str:
        return self._pick(REVIEW_STATUS_TEXT.get(status, (status, status)))

    def step_state(self, state: str) -> str:
        return self._pick(STEP_STATE_TEXT.get(state, (state, state)))

    def review_action(self, action: str) -> str:
        return self._pick(REVIEW_ACTION_TEXT.get(action, (action, action)))

    def delegation_kind(self, kind: str) -> str:
        return self._pick(DELEGATION_KIND_TEXT.get(kind, (kind, kind)))

    def meeting_state(self, state: str) -> str:
        return self._pick(MEETING_STATE_TEXT.get(state, (state, state)))

    def item_status(self, status: str) -> str:
        return self._pick(ITEM_STATUS_TEXT.get(status, (status, status)))

    def attendance(self, status: str) -> str:
        return self._pick(ATTENDANCE_TEXT.get(status, (status, status)))

    def member_role(self, role: str) -> str:
        return self._pick(ROLE_TEXT.get(role, (role, role)))

    def section(self, section: Mapping[str, Any]) -> str:
        """'ระเบียบวาระที่ ๔ เรื่องเพื่อพิจารณา' as the agenda prints it; in English the kind, then the Thai title."""
        if self.lang == "en":
            return f"Section {section['number']}: {SECTION_KIND_EN.get(section['kind'], '')} ({section['title']})"
        return f"ระเบียบวาระที่ {self.official_num(section['number'])} {section['title']}"

    def item_number(self, item: Mapping[str, Any]) -> str:
        """'๔.๒.๑' in Thai (as printed), '4.2.1' in English."""
        return (item.get("number") or "") if self.lang == "en" else (item.get("number_th") or "")

    def meeting_number(self, meeting: Mapping[str, Any]) -> str:
        """'ครั้งที่ ๑/๒๕๖๙' with Thai digits and the B.E. year, as official documents print it."""
        if self.lang == "en":
            return f"No. {meeting['number']}/{meeting['year_be']} (B.E.)"
        return f"ครั้งที่ {self.official_num(meeting['meeting_number'])}"

    def meeting_time(self, value: str | datetime | None) -> str:
        """'วันพุธที่ ๒๑ พฤศจิกายน ๒๕๖๙ เวลา ๐๙.๓๐ น.' as a meeting notice prints it (Thai digits, B.E.)."""
        moment = _parse(value)
        if not isinstance(moment, datetime):
            return self.date(moment)
        if self.lang == "en":
            day = moment.astimezone(BANGKOK)
            return f"{WEEKDAYS_EN[day.weekday()]} {format_english_date(day)}, {format_thai_time(day, thai_digits=False)[:5]}"
        return f"{thai_weekday(moment)}ที่ {format_thai_date(moment)} เวลา {format_thai_time(moment)}"

    def official_num(self, value: object) -> str:
        """A number as an official document prints it: Thai digits in Thai whatever the reader chose."""
        return thai_digits(str(value)) if self.lang == "th" else str(value)

    def rich(self, text: str, *, official: bool = False) -> Markup:
        """A summary or discussion laid out as the PDF prints it (docs/rich-text.md), from the same parse: in the
        reader's digits, or `official`ly (Thai digits in Thai) where the page shows the printed agenda."""
        return richtext.html(richtext.parse(text, thai_digits=self.lang == "th" if official else self.thai_digits))

    def num(self, value: object) -> str:
        return format_digits(str(value), thai_digits=self.thai_digits) if value is not None else ""

    def date(self, value: str | date | None) -> str:
        moment = _parse(value)
        if moment is None:
            return ""
        if self.lang == "en":
            return format_english_date(moment, style="short")
        return format_thai_date(moment, style="short", thai_digits=self.thai_digits)

    def long_date(self, value: str | date | None) -> str:
        """'5 ธันวาคม 2569' with the whole Buddhist Era year, in the reader's digits (periods, delegations)."""
        moment = _parse(value)
        if moment is None:
            return ""
        return format_english_date(moment) if self.lang == "en" else format_thai_date(
            moment, style="full", thai_digits=self.thai_digits)

    def letter_date(self, value: str | date | None) -> str:
        """'๕ ธันวาคม ๒๕๖๙' as a letter is dated (Thai digits, whatever the reader chose); '5 December 2026' in English."""
        moment = _parse(value)
        if moment is None:
            return ""
        return format_english_date(moment) if self.lang == "en" else format_thai_date(moment, style="full")

    def datetime(self, value: str | datetime | None) -> str:
        moment = _parse(value)
        if not isinstance(moment, datetime):
            return self.date(moment)
        if self.lang == "en":
            return f"{format_english_date(moment, style='short')} {format_thai_time(moment, thai_digits=False)[:5]}"
        return f"{self.date(moment)} {format_thai_time(moment, thai_digits=self.thai_digits)}"


def _parse(value: str | date | None) -> date | None:
    """An API timestamp (aware datetime) or day ('2026-11-21'); None when empty or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        return None
