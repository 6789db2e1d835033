#!/usr/bin/python3
"""Sockets: the job is started by a connection and answers on it.

inetdCompatibility Wait=false (a process per connection, connection on stdio, REMOTE_ADDR),
Wait=true (the listening socket on stdin, the job accepts), several Sockets keys handed
over under their key names (LISTEN_FDNAMES), and SockServiceName service names resolved
at translation time (http-alt = 8080/tcp from /etc/services)."""

import os
import shutil
import tempfile
import socket
import stat

import lc_harness as H
from lc_harness import q, sh

# Accept=no job with several named sockets: answer every connection with the fd's name.
MULTI_SERVER = r'''
import os, selectors, socket, sys
n = int(os.environ.get("LISTEN_FDS", "0"))
names = os.environ.get("LISTEN_FDNAMES", "").split(":")
pid_ok = os.environ.get("LISTEN_PID") == str(os.getpid())
sel = selectors.DefaultSelector()
for i in range(n):
    s = socket.socket(fileno=3 + i)
    s.setblocking(True)
    sel.register(s, selectors.EVENT_READ, names[i])
served = 0
while served < int(sys.argv[1]):
    for key, _ in sel.select():
        c, _ = key.fileobj.accept()
        with c:
            c.sendall(("name=%s fdnames=%s fds=%d pid_ok=%s\n" % (key.data, os.environ.get("LISTEN_FDNAMES"), n, pid_ok)).encode())
        served += 1
'''

# inetd Wait=true: fd 0 is the listening socket; accept one connection and answer.
WAIT_SERVER = r'''
import os, socket
s = socket.socket(fileno=0)
c, peer = s.accept()
with c:
    c.sendall(("wait-ok acceptconn=%d listen_fds=%s peer=%s\n" % (
        s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN),
        os.environ.get("LISTEN_FDS"), peer[0])).encode())
'''


class Sockets(H.IntegrationTest):

    def assert_answer(self, port, want_prefix, host="127.0.0.1", family=socket.AF_INET):
        data, local_port = H.tcp_exchange(host, port, family=family)
        text = data.decode()
        self.assertTrue(text.startswith(want_prefix), f"{host}:{port} answered {text!r}, want {want_prefix!r}…")
        return text, local_port

    def test_inetd_nowait(self):
        port = H.free_tcp_port()
        job = self.load({
            "Label": "lcit.sock.nowait",
            # launchd hands the connection over as stdin, stdout and stderr
            "ProgramArguments": sh('echo "remote=$REMOTE_ADDR:$REMOTE_PORT argv0=$0"; read line; '
                                   'echo "got=$line"; echo "stderr=yes" >&2'),
            "inetdCompatibility": {"Wait": False},
            "Sockets": {"Listeners": {"SockNodeName": "127.0.0.1", "SockServiceName": str(port)}},
        })
        job.start(".socket")
        job.wait_state(lambda s: s["ActiveState"] == "active", "listening", suffix=".socket")
        for i in range(2):   # one process per connection
            with socket.create_connection(("127.0.0.1", port), timeout=H.DEFAULT_TIMEOUT) as s:
                s.sendall(f"hello {i}\n".encode())
                s.shutdown(socket.SHUT_WR)
                f = s.makefile("r")
                lines = f.read().splitlines()
                local_port = s.getsockname()[1]
            self.assertEqual(lines, [f"remote=127.0.0.1:{local_port} argv0=/bin/sh", f"got=hello {i}",
                                     "stderr=yes"])
        accepted = job.show("NAccepted", suffix=".socket")["NAccepted"]
        self.assertEqual(accepted, "2")

    def test_inetd_wait(self):
        port = H.free_tcp_port()
        job = self.load({
            "Label": "lcit.sock.wait",
            "ProgramArguments": ["/usr/bin/python3", "-c", WAIT_SERVER],
            "inetdCompatibility": {"Wait": True},
            "Sockets": {"Listeners": {"SockNodeName": "127.0.0.1", "SockServiceName": port}},
        })
        job.start(".socket")
        job.wait_state(lambda s: s["ActiveState"] == "active", "listening", suffix=".socket")
        for _ in range(2):   # the socket goes back to listening after the job exits
            self.assert_answer(port, "wait-ok acceptconn=1 listen_fds=None peer=127.0.0.1")
            job.wait_state(lambda s: s["ActiveState"] == "active" and s["SubState"] == "listening",
                           "listening again", suffix=".socket")
            job.wait_state(lambda s: s["ActiveState"] in ("inactive", "failed"), "job exited")
            self.assertEqual(job.state()["Result"], "success")

    def test_several_sockets_keys(self):
        p1, p2 = H.free_tcp_port(), H.free_tcp_port()
        while p2 == p1:
            p2 = H.free_tcp_port()
        job = self.load({
            "Label": "lcit.sock.multi",
            "ProgramArguments": ["/usr/bin/python3", "-c", MULTI_SERVER, "2"],
            "Sockets": {
                "Alpha": {"SockNodeName": "127.0.0.1", "SockServiceName": str(p1)},
                "Beta": {"SockNodeName": "127.0.0.1", "SockServiceName": p2},
            },
        })
        socks = [u for u in job.units if u.endswith(".socket")]
        self.assertEqual(len(socks), 2, job.units)
        H.systemctl("start", *socks)
        # the first connection (on Beta) starts the service, which gets both sockets
        text_b, _ = self.assert_answer(p2, "name=Beta ")
        text_a, _ = self.assert_answer(p1, "name=Alpha ")
        for text in (text_a, text_b):
            fields = dict(kv.split("=", 1) for kv in text.split())
            self.assertEqual(sorted(fields["fdnames"].split(":")), ["Alpha", "Beta"], text)
            self.assertEqual(fields["fds"], "2", text)
            self.assertEqual(fields["pid_ok"], "True", text)
        job.wait_state(lambda s: s["ActiveState"] in ("inactive", "failed"), "server exited")
        self.assertEqual(job.state()["Result"], "success")

    def test_unix_socket_path_and_mode(self):
        """SockPathName (with a space) → a listening AF_UNIX socket; SockPathMode is decimal
        in the plist (384 = 0600)."""
        # AF_UNIX paths are limited to 107 bytes; the harness state dir lives in the
        # build tree, whose depth depends on the checkout, so use a short /tmp dir.
        short = tempfile.mkdtemp(prefix="lcit-")
        self.addCleanup(shutil.rmtree, short, True)
        sock_path = os.path.join(short, "unix sock dir", "s.sock")
        os.makedirs(os.path.dirname(sock_path))
        job = self.load({
            "Label": "lcit.sock.unix",
            "ProgramArguments": ["/usr/bin/python3", "-c", MULTI_SERVER, "1"],
            "Sockets": {"Local": {"SockPathName": sock_path, "SockPathMode": 384}},
        })
        job.start(".socket")
        job.wait_state(lambda s: s["ActiveState"] == "active", "listening", suffix=".socket")
        st = os.stat(sock_path)
        self.assertTrue(stat.S_ISSOCK(st.st_mode), "not a socket")
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
            c.settimeout(H.DEFAULT_TIMEOUT)
            c.connect(sock_path)
            data = c.makefile("r").read()
        self.assertTrue(data.startswith("name=Local fdnames=Local fds=1 pid_ok=True"), data)

    def test_datagram_socket(self):
        port = H.free_tcp_port(v6_too=False)
        out = self.path("datagram.txt")
        server = ("import os, socket\n"
                  "s = socket.socket(fileno=3)\n"
                  "data, peer = s.recvfrom(100)\n"
                  f"open({out!r} + '.tmp', 'w').write('%s %s %s' % (os.environ.get('LISTEN_FDNAMES'), "
                  "s.type == socket.SOCK_DGRAM, data.decode()))\n"
                  f"os.rename({out!r} + '.tmp', {out!r})\n")
        job = self.load({
            "Label": "lcit.sock.dgram",
            "ProgramArguments": ["/usr/bin/python3", "-c", server],
            "Sockets": {"Dgram": {"SockType": "dgram", "SockNodeName": "127.0.0.1",
                                  "SockServiceName": port}},
        })
        job.start(".socket")
        job.wait_state(lambda s: s["ActiveState"] == "active", "listening", suffix=".socket")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c:
            c.sendto(b"ping 42", ("127.0.0.1", port))
        H.wait_until(lambda: os.path.exists(out), "datagram received by the job", diag=job.state)
        with open(out) as f:
            self.assertEqual(f.read(), "Dgram True ping 42")

    def test_service_name_http_alt(self):
        try:
            port = socket.getservbyname("http-alt", "tcp")
        except OSError:
            self.skipTest("/etc/services has no http-alt/tcp entry (install netbase)")
        self.assertEqual(port, 8080)
        for fam, addr in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
            if fam == socket.AF_INET6 and not H.ipv6_loopback_usable():
                continue
            with socket.socket(fam, socket.SOCK_STREAM) as s:
                if fam == socket.AF_INET6:
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                try:
                    s.bind((addr, 8080))
                except OSError as e:
                    self.fail(f"port 8080 ({addr}) is already in use on this machine: {e}")
        job = self.load({
            "Label": "lcit.sock.httpalt",
            "ProgramArguments": sh('echo "http-alt-ok $REMOTE_ADDR"'),
            "inetdCompatibility": {"Wait": False},
            # no SockNodeName: launchd listens on IPv4 and IPv6 wildcard sockets
            "Sockets": {"Web": {"SockServiceName": "http-alt"}},
        })
        job.start(".socket")
        job.wait_state(lambda s: s["ActiveState"] == "active", "listening", suffix=".socket")
        self.assert_answer(8080, "http-alt-ok 127.0.0.1")
        if H.ipv6_loopback_usable():
            self.assert_answer(8080, "http-alt-ok ::1", host="::1", family=socket.AF_INET6)


if __name__ == "__main__":
    H.main()
