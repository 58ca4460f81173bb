"""Manager mail a phone shows whole: charts inside the HTML body, labels never cut, one footer.

The demo is run once (the real pipeline, every job); each spooled manager mail is parsed
with the `email` package as a mail client would: every `<img src="cid:...">` must name an
image part of the same multipart/related, and no chart is left as a mere attachment.
"""

from __future__ import annotations

import email
import email.policy
import re
from decimal import Decimal

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from backoffice_auto.demo import run_demo
from backoffice_auto.mail.footer import footer_text
from backoffice_auto.mail.message import MailMessage, inline_image
from backoffice_auto.mail.render import render_eml
from backoffice_auto.reports.charts import ELLIPSIS, bar_chart_figure, short_label
from backoffice_auto.workspace import Workspace

CID = re.compile(r"""<img\b[^>]*\bsrc=["']cid:([^"']+)["']""", re.IGNORECASE)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


def parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def related_groups(msg):
    """[(html text, {content id: image part})] for every multipart/related of the message."""
    groups = []
    for part in msg.walk():
        if part.get_content_type() != "multipart/related":
            continue
        children = list(part.iter_parts())
        html = next(c.get_content() for c in children if c.get_content_type() == "text/html")
        images = {c["Content-ID"].strip("<>"): c for c in children if c.get_content_maintype() == "image"}
        groups.append((html, images))
    return groups


def assert_images_resolve(msg) -> int:
    """Every cid: in an HTML body names an image in its own multipart/related; returns how many."""
    count = 0
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            assert "data:image" not in part.get_content()
    for html, images in related_groups(msg):
        cids = CID.findall(html)
        assert cids, "a multipart/related whose HTML shows no picture"
        for cid in cids:
            assert cid in images, f"cid:{cid} has no image part beside its HTML"
            assert images[cid].get_content().startswith(b"\x89PNG")
            count += 1
    shown = {bytes(image.get_content()) for _, images in related_groups(msg) for image in images.values()}
    for part in msg.iter_attachments():  # a chart is never only an attachment: its twin is in the body
        if part.get_content_maintype() == "image":
            assert bytes(part.get_content()) in shown, part.get_filename()
    return count


def render(message: MailMessage, attachments=(), inline=()) -> bytes:
    return render_eml(message, recipient="boss@example.com", to=["boss@example.com"], cc=[],
                      sender="backoffice@example.com", job_id="J-1", key="k", attachments=list(attachments),
                      inline=list(inline))


def test_an_inline_chart_sits_in_a_multipart_related_with_its_html():
    (image, copy), tag = inline_image("chart.png", PNG, "Ventas <por> cliente")
    assert copy.content_id is None and copy.content == PNG
    message = MailMessage(to=("boss@example.com",), subject="Resumen", html=f"<p>Hola</p>{tag}", text="Hola",
                          language="es", attachments=(image,))
    msg = parse(render(message, attachments=[("report.xlsx", b"PK", "application/octet-stream")],
                       inline=[(image.filename, PNG, "image/png", image.content_id)]))
    assert msg.get_content_type() == "multipart/mixed"
    alternative = next(msg.iter_parts())
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "multipart/related"]
    assert assert_images_resolve(msg) == 1
    assert [p.get_filename() for p in msg.iter_attachments()] == ["report.xlsx"]
    assert 'alt="Ventas &lt;por&gt; cliente"' in tag
    # the same picture and name give the same Content-ID: a redone job renders the same mail
    assert inline_image("chart.png", PNG, "x")[0][0].content_id == image.content_id


def test_an_inline_picture_without_html_is_attached():
    message = MailMessage(to=("boss@example.com",), subject="s", html="", text="t")
    msg = parse(render(message, inline=[("chart.png", PNG, "image/png", "abc@backoffice-auto")]))
    assert [p.get_filename() for p in msg.iter_attachments()] == ["chart.png"]


LONG = ["C-0042 Construcciones García Sánchez y Asociados de Castilla-La Mancha S.L.",
        "Łódzkie Zakłady Metalowe i Spółka Akcyjna Oddział w Piotrkowie Trybunalskim",
        "Société Générale de Fournitures Industrielles et Commerciales du Sud-Ouest SARL",
        "Pekárna", "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"]


@pytest.mark.parametrize("horizontal", [True, False])
def test_long_labels_stay_inside_the_canvas(horizontal):
    fig = bar_chart_figure(LONG, {"Enviado": [Decimal("1234567.89"), 5, 7, 1, 2],
                                  "Pendiente de entrega por falta de existencias": [1, 2, 3, 4, 5]},
                           title="Valor pedido por cliente (EUR), los diez mayores clientes del mes de noviembre",
                           value_label="EUR", horizontal=horizontal)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    labels = [t for ax in fig.axes for t in (ax.get_yticklabels() if horizontal else ax.get_xticklabels())]
    assert {short_label(label) for label in LONG} <= {t.get_text() for t in labels}
    canvas_box = fig.bbox
    drawn = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)  # everything drawn, in pixels
    assert drawn.x0 >= -0.5 and drawn.y0 >= -0.5, drawn
    assert drawn.x1 <= canvas_box.x1 + 0.5 and drawn.y1 <= canvas_box.y1 + 0.5, drawn
    for text in labels + [ax.title for ax in fig.axes]:
        box = text.get_window_extent(renderer)
        assert canvas_box.x0 - 0.5 <= box.x0 and box.x1 <= canvas_box.x1 + 0.5, text.get_text()
        assert canvas_box.y0 - 0.5 <= box.y0 and box.y1 <= canvas_box.y1 + 0.5, text.get_text()


def test_labels_are_shortened_between_words_never_inside_one():
    for label in LONG:
        short = short_label(label)
        lines = short.split("\n")
        assert len(lines) <= 2 and all(len(line) <= 24 for line in lines)
        words = set(label.split())
        for line in lines:
            for word in line.removesuffix(ELLIPSIS).split():
                assert word in words or (line.endswith(ELLIPSIS) and len(line) == 24), (label, short)
    assert short_label("Construcciones García Sánchez y Asociados S.L.") == "Construcciones García\nSánchez y Asociados S.L."
    assert short_label("Pekárna") == "Pekárna"
    assert short_label("A  very\tlong  name " * 4) == "A very long name A very\nlong name A very long…"


@pytest.fixture(scope="module")
def demo_mail(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "ws"
    workspace = Workspace.at(root)
    summary = run_demo(workspace, seed=0, report=lambda line: None)
    assert summary["ok"]
    return [parse(p.read_bytes()) for p in sorted(workspace.mail_pending.glob("*.eml"))]


MANAGERS = {"sales@example.com", "finance@example.com", "payroll@example.com"}


def test_the_demo_manager_mails_show_their_charts_inline(demo_mail):
    manager_mail = [m for m in demo_mail if m["X-Backoffice-Recipient"] in MANAGERS]
    shown = {}
    for msg in manager_mail:
        shown[msg["Subject"]] = assert_images_resolve(msg)
    charted = {subject for subject, count in shown.items() if count}
    expected = ("Orders from", "Payroll ", "Payment proposal", "Receivables ageing")
    for start in expected:
        assert any(s.startswith(start) for s in charted), (start, shown)


def test_every_demo_mail_ends_with_the_same_footer_once(demo_mail):
    for msg in demo_mail:
        footer = footer_text(msg["Content-Language"])
        text = msg.get_body(("plain",)).get_content()
        assert text.rstrip().endswith(footer) and text.count(footer) == 1, msg["Subject"]
        html = msg.get_body(("html",))
        if html is not None:
            assert html.get_content().count(footer) == 1, msg["Subject"]
