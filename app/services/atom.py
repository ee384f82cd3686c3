"""The corrections feed as Atom 1.0 (RFC 4287): journalists subscribe to the projects they cover.

Ids are tag URIs (RFC 4151) on the configured public host, so an entry keeps its
id whatever address the feed was fetched from; links are absolute on the
request's base URL. Each entry says which stored fields changed, before → after,
and why (the X-Change-Reason).
"""

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from app.core.config import get_settings
from app.resources import ALL_RESOURCES
from app.resources.statement_links import statement_links

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
TAG_DATE = "2026"
MAX_VALUE_CHARS = 120
SINGULAR = {resource.path: resource.singular.replace("_", " ") for resource in (*ALL_RESOURCES, statement_links)}
PAST = {"create": "created", "update": "corrected", "delete": "deleted", "restore": "restored"}
register_namespace("", ATOM)


def tag_uri(specific: str) -> str:
    host = urlsplit(get_settings().public_base_url).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:{specific}"


# Characters XML 1.0 cannot hold at all, even as references; stored text may contain them (a control character).
NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` with each character XML cannot hold written as `\\uXXXX`, so the feed stays well-formed."""
    return NOT_IN_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _add(parent: Element, name: str, text: str | None = None, **attributes: str) -> Element:
    element = SubElement(parent, f"{{{ATOM}}}{name}", {key: xml_text(value) for key, value in attributes.items()})
    element.text = None if text is None else xml_text(text)
    return element


def _shown(value: Any) -> str:
    text = "null" if value is None else str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def title(item: dict[str, Any]) -> str:
    what = f"{SINGULAR.get(item['entity'], item['entity'])} {item['record_id']} {PAST[item['action']]} (v{item['version']})"
    return f"{what}: {', '.join(item['changed'])}" if item["action"] == "update" and item["changed"] else what


def summary(item: dict[str, Any]) -> str:
    before, after = item["before"] or {}, item["after"]
    if item["action"] == "update":
        lines = [f"{name}: {_shown(before.get(name))} → {_shown(after.get(name))}" for name in item["changed"]]
    elif item["action"] == "create":
        lines = [f"{name}: {_shown(after.get(name))}" for name in item["changed"]]
    else:
        lines = [f"{title(item)}; its history stays at {item['history_url']}"]
    if item["reason"]:
        lines.append(f"Reason: {item['reason']}")
    return "\n".join(lines)


def render_feed(items: list[dict[str, Any]], *, self_url: str, base_url: str, feed_key: str, now: datetime) -> bytes:
    """An Atom document of revision items (app.services.revisions.revision_item), newest first."""
    base = base_url.rstrip("/")
    feed = Element(f"{{{ATOM}}}feed")
    _add(feed, "id", tag_uri(feed_key))
    _add(feed, "title", f"Corrections: {get_settings().publisher_name}")
    _add(feed, "updated", (items[0]["at"] if items else now).isoformat())
    _add(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _add(feed, "link", rel="alternate", href=base + "/v1/changes", type="application/json")
    _add(_add(feed, "author"), "name", get_settings().publisher_name)
    for item in items:
        entry = _add(feed, "entry")
        _add(entry, "id", tag_uri(f"revisions/{item['id']}"))
        _add(entry, "title", title(item))
        _add(entry, "updated", item["at"].isoformat())
        _add(_add(entry, "author"), "name", item["actor"] or "anonymous")
        _add(entry, "category", term=item["entity"])
        _add(entry, "category", term=item["action"])
        _add(entry, "link", rel="alternate", href=base + (item["url"] or item["history_url"]), type="application/json")
        _add(entry, "summary", summary(item), type="text")
    return tostring(feed, encoding="utf-8", xml_declaration=True)
