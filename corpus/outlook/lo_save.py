"""lo_save.py - save documents through LibreOffice, with a password when asked.

usage: /usr/bin/python3 lo_save.py PROFILE-DIR SRC DST FILTER PASSWORD [SRC DST FILTER PASSWORD]...

PASSWORD "-" saves without one. `soffice --convert-to` cannot set a password, so this
starts soffice headless on a private pipe (its own profile in PROFILE-DIR), loads each
SRC hidden and stores it with storeToURL and the media descriptor properties FilterName
and Password: the way the Save As dialog's "Save with password" does it. Debian 12's
LibreOffice 7.4 encrypts the filters "MS Excel 97" (.xls: a FILEPASS record) and "MS
Word 97" (.doc: the FIB's fEncrypted bit), both with RC4 (MS-OFFCRYPTO 2.3.6), and the ODF
ones ("writer8", "calc8": manifest encryption-data, AES-256); for "MS Word 2007 XML" and
"Calc MS Excel 2007 XML" it writes an unencrypted package, so encrypted OOXML comes from
outlook.ooxml_encrypt() instead. Needs python3-uno and libreoffice-{writer,calc}-nogui.
"""
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    profile, jobs = sys.argv[1], sys.argv[2:]
    if not jobs or len(jobs) % 4:
        sys.exit(__doc__)
    pipe = "dlpcorpus%d" % os.getpid()
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                               "-env:UserInstallation=file://" + os.path.abspath(profile),
                               "--accept=pipe,name=%s;urp;" % pipe])
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(200):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.2)
        else:
            sys.exit("lo_save: soffice did not answer")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for i in range(0, len(jobs), 4):
            src, dst, filt, password = jobs[i:i + 4]
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                               (prop("Hidden", True),))
            props = [prop("FilterName", filt), prop("Overwrite", True)]
            if password != "-":
                props.append(prop("Password", password))
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), tuple(props))
            doc.close(True)
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
