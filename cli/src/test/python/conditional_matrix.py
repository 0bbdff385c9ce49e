"""The conditional-request matrix of RFC 9110 section 13, spoken by Python's http.client to a server.

    python3 conditional_matrix.py PORT PATH SIZE

Prints one line per case ("ok <name>" or "FAIL <name>: ...") and exits 1 if any case failed.
"""
import http.client
import sys
from email.utils import formatdate

port, path, size = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])


def ask(method, headers):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    c.request(method, path, headers=headers)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), body


status, first, _ = ask("GET", {})
etag, modified = first["etag"], first["last-modified"]
past = formatdate(0, usegmt=True)
future = formatdate(4102444800, usegmt=True)  # 2100
failed = 0


def case(name, method, headers, want_status, want_body_len=None, want_headers=()):
    global failed
    s, h, body = ask(method, headers)
    problems = []
    if s != want_status:
        problems.append("status %d, wanted %d" % (s, want_status))
    if want_body_len is not None and len(body) != want_body_len:
        problems.append("body %d bytes, wanted %d" % (len(body), want_body_len))
    for k in want_headers:
        if k not in h:
            problems.append("no %s header" % k)
    if "date" not in h:
        problems.append("no Date header")
    if problems:
        failed += 1
        print("FAIL %s: %s; headers %s" % (name, ", ".join(problems), h))
    else:
        print("ok %s" % name)


case("plain GET", "GET", {}, 200, size, ("etag", "last-modified", "accept-ranges", "content-length"))
case("If-None-Match current", "GET", {"If-None-Match": etag}, 304, 0, ("etag", "last-modified"))
case("If-None-Match weak form of current", "GET", {"If-None-Match": "W/" + etag}, 304, 0)
case("If-None-Match list with current", "GET", {"If-None-Match": '"a", ' + etag}, 304, 0)
case("If-None-Match *", "GET", {"If-None-Match": "*"}, 304, 0)
case("If-None-Match stale", "GET", {"If-None-Match": '"stale"'}, 200, size)
case("HEAD If-None-Match current", "HEAD", {"If-None-Match": etag}, 304, 0)
case("If-Modified-Since its own date", "GET", {"If-Modified-Since": modified}, 304, 0)
case("If-Modified-Since in the past", "GET", {"If-Modified-Since": past}, 200, size)
case("If-Modified-Since unparseable", "GET", {"If-Modified-Since": "yesterday"}, 200, size)
case("If-None-Match stale wins over If-Modified-Since", "GET",
     {"If-None-Match": '"stale"', "If-Modified-Since": future}, 200, size)
case("If-Match current", "GET", {"If-Match": etag}, 200, size)
case("If-Match stale", "GET", {"If-Match": '"stale"'}, 412)
case("If-Match weak never matches", "GET", {"If-Match": "W/" + etag}, 412)
case("If-Match *", "GET", {"If-Match": "*"}, 200, size)
case("If-Unmodified-Since in the past", "GET", {"If-Unmodified-Since": past}, 412)
case("If-Unmodified-Since in the future", "GET", {"If-Unmodified-Since": future}, 200, size)
case("If-Match current wins over If-Unmodified-Since", "GET",
     {"If-Match": etag, "If-Unmodified-Since": past}, 200, size)
case("If-Match before If-None-Match", "GET", {"If-Match": '"stale"', "If-None-Match": etag}, 412)
case("If-Range current tag: the range", "GET", {"Range": "bytes=0-9", "If-Range": etag}, 206, 10,
     ("content-range",))
case("If-Range stale tag: the whole file", "GET", {"Range": "bytes=0-9", "If-Range": '"stale"'}, 200, size)
case("If-Range its date: the range", "GET", {"Range": "bytes=0-9", "If-Range": modified}, 206, 10)
case("If-Range another date: the whole file", "GET", {"Range": "bytes=0-9", "If-Range": past}, 200, size)
case("If-None-Match current and a Range: 304", "GET", {"Range": "bytes=0-9", "If-None-Match": etag}, 304, 0)
sys.exit(1 if failed else 0)
