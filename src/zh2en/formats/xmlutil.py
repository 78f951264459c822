"""XML helpers shared by the TMX and XLIFF formats.

Writing uses the standard library's ElementTree (it escapes every text and attribute);
reading uses defusedxml, which refuses external entities and entity expansion bombs.
"""

from __future__ import annotations

import os
import re
from typing import Any

from zh2en.errors import InputError

XML_NS = "http://www.w3.org/XML/1998/namespace"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str | None) -> str:
    """``text`` with characters XML 1.0 cannot carry removed (control characters)."""
    return _INVALID_XML.sub("", text or "")


def parse_xml(path: str | os.PathLike[str]) -> Any:
    """Parse an XML file safely (defusedxml); errors name the file and the problem."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.parse(os.fspath(path)).getroot()
    except DefusedXmlException as exc:
        raise InputError(f"{path}: refused unsafe XML ({type(exc).__name__})") from exc
    except SafeET.ParseError as exc:
        raise InputError(f"{path}: not well-formed XML: {exc}") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def element_text(el: Any) -> str:
    """All text inside ``el`` (inline markup flattened), as CAT tools show it."""
    return "".join(el.itertext()) if el is not None else ""
