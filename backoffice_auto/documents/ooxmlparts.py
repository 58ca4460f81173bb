"""Facts read from a workbook's small parts before the spreadsheet engine loads it.

The engine (calamine) gives values only. Which sheet a part is (its title, for messages that
name the sheet a clerk sees), which cell styles show percentages, whether the workbook counts
days from 1904, and whether a zip is an OpenDocument spreadsheet are read here from the
archive's workbook, styles and mimetype parts, each bounded and each failing quietly (a
damaged part is reported by the reader itself).
"""

from __future__ import annotations

import posixpath
import re
import zipfile

__all__ = ["sheet_titles", "percent_styles", "date1904", "opendocument_spreadsheet"]


def sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> the sheet's title, so limits name the sheet a clerk sees."""
    from defusedxml.ElementTree import fromstring

    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # a damaged part is reported by the reader itself
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id")] = posixpath.normpath(target)
    titles = {}
    for element in book.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                titles[targets[rid]] = element.get("name", "")
    return titles


def percent_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell styles whose number format shows a percentage (`0%`, `0.00 %`)."""
    from defusedxml.ElementTree import fromstring

    try:
        styles = fromstring(archive.read("xl/styles.xml"))
    except Exception:
        return frozenset()
    percent_formats = {9, 10}  # Excel's built-in 0% and 0.00%
    for element in styles.iter():
        if element.tag.endswith("}numFmt") or element.tag == "numFmt":
            code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", element.get("formatCode", ""))
            if "%" in code:
                try:
                    percent_formats.add(int(element.get("numFmtId", "-1")))
                except ValueError:
                    pass
    found = set()
    for element in styles.iter():
        if element.tag.endswith("}cellXfs") or element.tag == "cellXfs":
            for index, xf in enumerate(child for child in element if child.tag.endswith("xf")):
                try:
                    if int(xf.get("numFmtId", "0")) in percent_formats:
                        found.add(index)
                except ValueError:
                    continue
    return frozenset(found)


_DATE1904 = re.compile(rb'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"')


def date1904(archive: zipfile.ZipFile) -> bool:
    """Does the workbook count its days from 1904 (`<workbookPr date1904="1">`)?"""
    try:
        info = archive.getinfo("xl/workbook.xml")
        return info.file_size <= 5_000_000 and bool(_DATE1904.search(archive.read(info)))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return False


def opendocument_spreadsheet(archive: zipfile.ZipFile) -> bool:
    """Does the archive's `mimetype` member (an OpenDocument file's first) say spreadsheet?"""
    try:
        info = archive.getinfo("mimetype")
        return info.file_size < 200 and b"opendocument.spreadsheet" in archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return False
