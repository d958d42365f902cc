#!/usr/bin/env python3
"""Measures 新生注册 and login throughput (both bound by argon2id) against a running dev-profile instance.
Codes and captchas are prepared first through the dev helpers; only the registrations and logins are timed.
Usage: onboarding_rate.py BASE_URL [N] [CONCURRENCY]
Start the instance with ZIKAO_SMS_COOLDOWN_SECONDS=0 ZIKAO_SMS_PER_IP_PER_HOUR=1000000 ZIKAO_SMS_DAILY_LIMIT=1000,
since one machine here plays thousands of candidates. Standard library only."""
import concurrent.futures, datetime, json, os, random, statistics, sys, time, urllib.error, urllib.request, uuid

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 200
CONC = int(sys.argv[3]) if len(sys.argv) > 3 else 16
FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures")
IMAGES = {k: open(os.path.join(FIX, f), "rb").read() for k, f in
          [("idCardFront", "id-front.jpg"), ("idCardBack", "id-back.jpg"), ("photo", "photo.jpg")]}


def call(method, path, body=None, ctype="application/json"):
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": ctype} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def captcha():
    cid = json.loads(call("POST", "/api/v1/captchas", {})[1])["captchaId"]
    return cid, json.loads(call("GET", "/dev/captchas/" + cid)[1])["answer"]


def code(purpose, inbox, **who):
    cid, ans = captcha()
    s, b = call("POST", "/api/v1/sms-codes", dict(purpose=purpose, captchaId=cid, captchaAnswer=ans, **who))
    assert s == 202, (s, b)
    msgs = json.loads(call("GET", "/dev/sms?phone=" + inbox)[1])
    return next(m["code"] for m in msgs if m["purpose"] == purpose and m["code"])


def id_number():
    w, c = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], "10X98765432"
    body = "540102" + datetime.date(1990 + random.randint(0, 15), random.randint(1, 12), random.randint(1, 28)).strftime("%Y%m%d") \
        + f"{random.randint(0, 999):03d}"
    return body + c[sum(int(d) * x for d, x in zip(body, w)) % 11]


def multipart(fields):
    bd = "----r" + uuid.uuid4().hex
    out = bytearray()
    for k, v in fields.items():
        out += f'--{bd}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
    for k, v in IMAGES.items():
        out += f'--{bd}\r\nContent-Disposition: form-data; name="{k}"; filename="{k}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
        out += v + b"\r\n"
    out += f"--{bd}--\r\n".encode()
    return bytes(out), "multipart/form-data; boundary=" + bd


def timed(fn, items):
    lat = []

    def one(x):
        t0 = time.perf_counter()
        ok = fn(x)
        lat.append(time.perf_counter() - t0)
        return ok

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(CONC) as ex:
        oks = list(ex.map(one, items))
    wall = time.perf_counter() - t0
    lat.sort()
    return sum(oks), wall, lat


def report(name, oks, wall, lat):
    print(f"{name}: {oks}/{len(lat)} ok in {wall:.1f} s = {oks / wall:.1f}/s; "
          f"latency p50 {statistics.median(lat) * 1000:.0f} ms, p95 {lat[int(len(lat) * 0.95) - 1] * 1000:.0f} ms, "
          f"max {lat[-1] * 1000:.0f} ms (concurrency {CONC})")


people = []
for i in range(N):
    phone = "1" + random.choice("3456789") + f"{random.randint(0, 999999999):09d}"
    fields = dict(name="扎西次仁", idNumber=id_number(), phone=phone, password="Zikao2026ok", gender="M", ethnicity="04",
                  politicalStatus="13", hukou="URBAN", inSchool="false", sittingCode="271", areaCode="0100",
                  majorCode="030301", consent="true")
    fields["gender"] = "M" if int(fields["idNumber"][16]) % 2 else "F"
    fields["smsCode"] = code("REGISTER", phone, phone=phone)
    people.append(fields)


def register(f):
    data, ct = multipart(f)
    f["registered"] = call("POST", "/api/v1/registrations", data, ct)[0] == 201
    return f["registered"]


report("registrations", *timed(register, people))

logins = []
for f in (p for p in people if p["registered"]):
    c = code("LOGIN", f["phone"], name=f["name"], idNumber=f["idNumber"])
    cid, ans = captcha()
    logins.append(dict(method="ID_PASSWORD", name=f["name"], idNumber=f["idNumber"], password=f["password"], smsCode=c,
                       captchaId=cid, captchaAnswer=ans))


def login(body):
    return call("POST", "/api/v1/sessions", body)[0] == 200


report("logins (ID_PASSWORD)", *timed(login, logins))
