"""A real SMTP server for the tests (aiosmtpd, from Debian's python3-aiosmtpd).

Listens on 127.0.0.1:<port> (the first argument), takes AUTH LOGIN/PLAIN without TLS, and
prints one JSON line per message received: envelope, headers, the text part and each
attachment's name, type, size and first bytes. Prints "ready" once listening; stops when its
standard input closes.
"""
import email
import json
import sys
from email import policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

logins = {}


def authenticate(server, session, envelope, mechanism, auth_data):
    logins[id(session)] = (auth_data.login.decode(), auth_data.password.decode())
    return AuthResult(success=True)


class Sink:
    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        out = {
            "mail_from": envelope.mail_from,
            "rcpt": envelope.rcpt_tos,
            "login": logins.get(id(session)),
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "subject": str(msg["Subject"]),
            "text": "",
            "attachments": [],
        }
        for part in msg.walk():
            if part.get_content_disposition() == "attachment":
                data = part.get_payload(decode=True)
                out["attachments"].append(
                    {
                        "name": part.get_filename(),
                        "type": part.get_content_type(),
                        "size": len(data),
                        "head": data[:5].decode("latin-1"),
                    }
                )
            elif part.get_content_type() == "text/plain":
                out["text"] = part.get_content()
        print(json.dumps(out, ensure_ascii=False), flush=True)
        return "250 OK"


controller = Controller(
    Sink(),
    hostname="127.0.0.1",
    port=int(sys.argv[1]),
    authenticator=authenticate,
    auth_require_tls=False,
)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
