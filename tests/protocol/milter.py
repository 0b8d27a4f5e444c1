"""milter.py - a minimal milter protocol (v6) client for tests: the MTA side.

It speaks what Postfix and Sendmail speak to a milter: option negotiation, macros,
connect, MAIL, RCPT, DATA, headers, body, end of body, abort, quit; and it collects
the milter's answers: the final response ('c' continue, 'a' accept, 'r' reject,
't' tempfail, 'y' reply code) and the modifications ('h' add header, 'q' quarantine,
'-' remove recipient). negotiate() offers every action (SMFIF_ALL) unless told
otherwise, as Postfix does; a test withholds one to play an MTA that lacks it.
"""
import socket
import struct

SMFIF_ALL = 0x1FF
SMFIF_ADDHDRS = 0x01
SMFIF_DELRCPT = 0x08
SMFIF_QUARANTINE = 0x20
SMFIP_NOHELO = 0x02
SMFIP_NOUNKNOWN = 0x100
SMFIP_NODATA = 0x200
SMFIP_NOEOH = 0x40
SMFIP_NR_HDR = 0x80
SMFIP_NR_BODY = 0x80000
SMFIP_NR_CONN = 0x1000
SMFIP_NR_MAIL = 0x4000
SMFIP_NR_RCPT = 0x8000
POSTFIX_OFFER = (SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NOEOH | SMFIP_NR_HDR | SMFIP_NR_BODY |
                 SMFIP_NR_CONN | SMFIP_NR_MAIL | SMFIP_NR_RCPT)


class Result:
    def __init__(self, code, data=b"", mods=None):
        self.code = code          # 'c', 'a', 'r', 't', 'y', ...
        self.data = data          # for 'y': the reply text
        self.mods = mods or []    # [(code, bytes)]

    @property
    def reply(self):
        return self.data.rstrip(b"\0").decode("ascii", "replace") if self.code == "y" else ""

    def headers(self):
        out = {}
        for code, data in self.mods:
            if code == "h":
                name, value = data.split(b"\0")[:2]
                out[name.decode()] = value.decode()
        return out

    def quarantine(self):
        for code, data in self.mods:
            if code == "q":
                return data.rstrip(b"\0").decode()
        return None

    def __repr__(self):
        return f"Result({self.code!r}, {self.reply or self.data!r}, mods={self.mods!r})"


class Milter:
    def __init__(self, address, timeout=20):
        if isinstance(address, tuple):
            self.s = socket.create_connection(address, timeout=timeout)
        else:
            self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.s.settimeout(timeout)
            self.s.connect(address)
        self.protocol = 0

    def send(self, cmd, data=b""):
        self.s.sendall(struct.pack("!I", len(data) + 1) + cmd.encode() + data)

    def recv(self):
        hdr = self._read(4)
        (n,) = struct.unpack("!I", hdr)
        body = self._read(n)
        return chr(body[0]), body[1:]

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise EOFError("milter closed the connection")
            buf += chunk
        return buf

    def answer(self):
        """Read until a final response, collecting modifications and skipping progress."""
        mods = []
        while True:
            code, data = self.recv()
            if code == "p":
                continue
            if code in "hmiq+-82eo":
                mods.append((code, data))
                continue
            return Result(code, data, mods)

    def negotiate(self, offer=POSTFIX_OFFER, actions=SMFIF_ALL):
        """Offer what Postfix offers (or the ACTIONS given); the milter picks."""
        self.send("O", struct.pack("!III", 6, actions, offer))
        code, data = self.recv()
        assert code == "O", code
        _, self.actions, self.protocol = struct.unpack("!III", data[:12])
        return self

    def macro(self, cmd, **kv):
        data = cmd.encode()
        for k, v in kv.items():
            name = k if len(k) == 1 else "{" + k + "}"
            data += name.encode() + b"\0" + v.encode() + b"\0"
        self.send("D", data)

    def connect(self, host="client.example.se", addr="127.0.0.1", port=40000):
        fam = b"6" if ":" in addr else b"4"
        self.send("C", host.encode() + b"\0" + fam + struct.pack("!H", port) + addr.encode() + b"\0")
        return Result("c") if self.protocol & SMFIP_NR_CONN else self.answer()

    def mail(self, sender, auth=None):
        if auth:
            self.macro("M", auth_authen=auth)
        self.send("M", f"<{sender}>".encode() + b"\0")
        return Result("c") if self.protocol & SMFIP_NR_MAIL else self.answer()

    def rcpt(self, rcpt, route=None):
        """ROUTE: (mailer, host) sent as {rcpt_mailer} and {rcpt_host}, as Postfix does."""
        if route:
            self.macro("R", rcpt_mailer=route[0], rcpt_host=route[1])
        self.send("R", f"<{rcpt}>".encode() + b"\0")
        return Result("c") if self.protocol & SMFIP_NR_RCPT else self.answer()

    def data(self, queue_id=None):
        if self.protocol & SMFIP_NODATA:
            return Result("c")
        if queue_id:
            self.macro("T", i=queue_id)  # Postfix: milter_data_macros = i
        self.send("T")
        return self.answer()

    def header(self, name, value):
        self.send("L", name.encode() + b"\0" + value.encode() + b"\0")
        return Result("c") if self.protocol & SMFIP_NR_HDR else self.answer()

    def eoh(self):
        if self.protocol & SMFIP_NOEOH:
            return Result("c")
        self.send("N")
        return self.answer()

    def body(self, chunk):
        self.send("B", chunk)
        return Result("c") if self.protocol & SMFIP_NR_BODY else self.answer()

    def eom(self, queue_id="TESTQID"):
        self.macro("E", i=queue_id)
        self.send("E")
        return self.answer()

    def abort(self):
        self.send("A")

    def quit(self):
        self.send("Q")
        self.s.close()

    def message(self, sender, rcpts, raw, auth=None, queue_id="TESTQID", chunk=65535, routes=None):
        """A whole transaction; returns the first non-continue result or the eom result.
        ROUTES maps a recipient to its (mailer, host)."""
        routes = routes or {}
        for step in ([lambda: self.mail(sender, auth)] +
                     [lambda r=r: self.rcpt(r, routes.get(r)) for r in rcpts] +
                     [lambda: self.data(queue_id)]):
            res = step()
            if res.code != "c":
                return res
        head, _, body = raw.partition(b"\r\n\r\n")
        name = None
        for line in head.split(b"\r\n"):
            if line[:1] in (b" ", b"\t") and name:
                value += b"\r\n" + line
                continue
            if name:
                res = self.header(name.decode(), value.decode("utf-8", "replace"))
                if res.code != "c":
                    return res
            name, _, value = line.partition(b":")
            value = value.lstrip(b" ")
        if name:
            res = self.header(name.decode(), value.decode("utf-8", "replace"))
            if res.code != "c":
                return res
        res = self.eoh()
        if res.code != "c":
            return res
        for i in range(0, len(body), chunk):
            res = self.body(body[i:i + chunk])
            if res.code != "c":
                return res
        return self.eom(queue_id)
