"""Rendering and routing: one .eml per recipient, stable Message-IDs, attachments, notices."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest

from backoffice_auto.errors import Problem, Source
from backoffice_auto.mail.message import Attachment, MailMessage
from backoffice_auto.mail.notices import refusal_notice, rules_invalid_notice
from backoffice_auto.mail.routing import resolve
from backoffice_auto.mail.rules_model import MailRules
from backoffice_auto.mail.smtpconfig import SmtpConfigError, smtp_config
from backoffice_auto.mail.spool import MailRenderError, render_job_mail
from test_mail_support import rules


def _parse(data: bytes):
    return message_from_bytes(data, policy=policy.default)


def test_role_resolves_to_one_message_per_address_with_stable_ids(tmp_path):
    r = rules()
    (tmp_path / "report.xlsx").write_bytes(b"PK fake workbook bytes")
    msg = MailMessage(to=("role:sales_manager",), cc=("admin@example.com",), subject="Orders – Příliš žluťoučký",
                      html="<p>Hello <b>ž</b></p>", text="Hello ž",
                      attachments=(Attachment("report.xlsx", output="report.xlsx"),
                                   Attachment("note.txt", content=b"hi", mime_type="text/plain")))
    first = render_job_mail([msg], "J42", tmp_path, r)
    again = render_job_mail([msg], "J42", tmp_path, r)
    assert [n for n, _ in first] == [n for n, _ in again]
    assert len(first) == 3
    parsed = [_parse(d) for _, d in first]
    assert [p["X-Backoffice-Recipient"] for p in parsed] == ["sales@example.com", "boss@example.com", "admin@example.com"]
    assert [p["Message-ID"] for p in parsed] == [_parse(d)["Message-ID"] for _, d in again]
    assert len({p["Message-ID"] for p in parsed}) == 3
    one = parsed[0]
    assert one["Subject"] == "Orders – Příliš žluťoučký"
    assert one["To"] == "sales@example.com, boss@example.com"
    assert one["Cc"] == "admin@example.com"
    assert one.get_body(("plain",)).get_content().strip() == "Hello ž"
    assert "<b>ž</b>" in one.get_body(("html",)).get_content()
    files = {a.get_filename(): a.get_content() for a in one.iter_attachments()}
    assert files == {"report.xlsx": b"PK fake workbook bytes", "note.txt": "hi"}
    for _, data in first:
        data.decode("ascii")  # 7-bit clean: any server takes it


def test_other_job_or_key_gives_other_id(tmp_path):
    r = rules()
    msg = MailMessage(to=("a@example.com",), subject="s", html="", text="t", key="k1")
    (n1, _), = render_job_mail([msg], "J1", tmp_path, r)
    (n2, _), = render_job_mail([msg], "J2", tmp_path, r)
    two = render_job_mail([msg, msg], "J1", tmp_path, r)
    assert n1 != n2 and len({n for n, _ in two}) == 2


def test_missing_attachment_stops_the_job(tmp_path):
    msg = MailMessage(to=("a@example.com",), subject="s", html="", text="t",
                      attachments=(Attachment("x.xlsx", output="nothere.xlsx"),))
    with pytest.raises(MailRenderError):
        render_job_mail([msg], "J1", tmp_path, rules())
    escape = MailMessage(to=("a@example.com",), subject="s", html="", text="t",
                         attachments=(Attachment("x", output="../../etc/passwd"),))
    with pytest.raises(MailRenderError):
        render_job_mail([escape], "J1", tmp_path, rules())


def test_unknown_role_goes_to_admin():
    addresses, unknown = resolve(["role:nobody", "x@example.com"], MailRules(roles={"admin": ["ad@example.com"]}))
    assert addresses == ["ad@example.com", "x@example.com"] and unknown == ["nobody"]


def test_mail_rules_refuse_unknown_role_and_bad_address():
    with pytest.raises(ValueError, match="unknown role 'nobody'"):
        MailRules.model_validate({"notices": {"orders": "role:nobody"}})
    with pytest.raises(ValueError, match="not an e-mail address"):
        MailRules.model_validate({"roles": {"admin": ["not an address"]}})
    with pytest.raises(ValueError):
        MailRules.model_validate({"rolez": {}})


def test_refusal_notice_routed_by_folder_in_workspace_language():
    problem = Problem("no handler takes this file (kind not recognised from its folder and content)",
                      Source("bad.xlsx", sheet="Orders", row=14, column="B"))
    notice = refusal_notice("bad.xlsx", "orders", [problem], rules())
    assert notice.to == ("role:sales_manager",) and notice.kind == "notice"
    assert "bad.xlsx:Orders!B14" in notice.text and "bad.xlsx" in notice.subject
    other = refusal_notice("bad.xlsx", "bank", [problem], rules())
    assert other.to == ("role:admin",)
    nobody = refusal_notice("x.csv", "bank", [], rules(notices={"bank": None, "default": "role:admin"}))
    assert nobody is None


def test_rules_notice_names_file_line_col():
    notice = rules_invalid_notice(["rules/orders.yaml:12:5: unknown key 'ship_complet'"], rules())
    assert notice.to == ("role:admin",)
    assert "rules/orders.yaml:12:5" in notice.text and "rules/orders.yaml:12:5" in notice.html


def test_environment_overrides_settings_and_never_prompts():
    r = rules(host="mail.example.com", port=2525)
    cfg = smtp_config(r, env={}, use_keyring=False)
    assert (cfg.host, cfg.port, cfg.security, cfg.sender) == ("mail.example.com", 2525, "none", "robot@example.com")
    cfg = smtp_config(r, env={"BACKOFFICE_SMTP_HOST": "h", "BACKOFFICE_SMTP_PORT": "465",
                              "BACKOFFICE_SMTP_SECURITY": "ssl", "BACKOFFICE_SMTP_USER": "u",
                              "BACKOFFICE_SMTP_PASSWORD": "p", "BACKOFFICE_MAIL_FROM": "f@example.com"})
    assert (cfg.host, cfg.port, cfg.security, cfg.user, cfg.password, cfg.sender) == ("h", 465, "ssl", "u", "p", "f@example.com")
    assert "p" not in cfg.describe().replace("ssl", "")
    with pytest.raises(SmtpConfigError):
        smtp_config(r, env={"BACKOFFICE_SMTP_PORT": "abc"})
    assert not smtp_config(rules(), env={}, use_keyring=False).configured


def test_refusal_notice_in_czech_workspace():
    notice = refusal_notice("objednávka.xlsx", "orders", [], rules(language="cs"))
    assert notice.subject == "Soubor odmítnut: objednávka.xlsx"
    assert "Nic z něj nebylo zapsáno" in notice.text and notice.language == "cs"
    (name, data), *_ = render_job_mail([notice], "J7", None, rules(language="cs"))
    parsed = _parse(data)
    assert parsed["Subject"] == "Soubor odmítnut: objednávka.xlsx" and parsed["Content-Language"] == "cs"


def test_private_mail_is_never_copied_to_the_bcc_archive(tmp_path):
    """Regression: an archive bcc must not receive every employee's payslip."""
    r = rules(bcc=["archive@example.com"])
    report = MailMessage(to=("role:sales_manager",), subject="Report", html="<p>r</p>", text="r")
    payslip = MailMessage(to=("jana.novakova@example.com",), subject="Payslip", html="<p>p</p>", text="p",
                          kind="payslip", private=True)
    recipients = [_parse(d)["X-Backoffice-Recipient"] for _, d in render_job_mail([report, payslip], "J7", tmp_path, r)]
    assert recipients == ["sales@example.com", "boss@example.com", "archive@example.com", "jana.novakova@example.com"]
