"""Converts DOCX to PDF inside a running LibreOffice, over UNO.

Run by ``chibo.pdf`` with the Python that has LibreOffice's ``uno`` module
(on Debian: /usr/bin/python3 with python3-uno), never imported by chibo itself:
it uses only the standard library and ``uno``.

Protocol on stdin/stdout, one JSON object a line:
  -> {"ready": true}                        once connected
  <- {"source": "/a.docx", "target": "/a.pdf"}
  -> {"ok": true} | {"error": "..."}
"""

import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _prop(name, value):
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def connect(connection, timeout):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            context = resolver.resolve(f"uno:{connection};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def convert(desktop, source, target):
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source),
        "_blank",
        0,
        (_prop("Hidden", True), _prop("ReadOnly", True), _prop("UpdateDocMode", 0)),
    )
    if document is None:
        raise RuntimeError(f"LibreOffice could not open {source}")
    try:
        document.storeToURL(
            uno.systemPathToFileUrl(target),
            (_prop("FilterName", "writer_pdf_Export"),),
        )
    finally:
        document.close(True)


def _reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    connection, timeout = sys.argv[1], float(sys.argv[2])
    desktop = connect(connection, timeout)
    _reply({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            convert(desktop, request["source"], request["target"])
        except Exception as exc:  # reported to the parent, which decides
            _reply({"error": f"{type(exc).__name__}: {exc}"})
        else:
            _reply({"ok": True})


if __name__ == "__main__":
    main()
