#!/usr/bin/env python3
"""chromium-page.py CHROMIUM URL SECONDS OUT_HTML OUT_PNG

Loads URL in headless Chromium, lets it run SECONDS (the dashboard's event stream never ends, so waiting for
the load event or a virtual time budget is not enough), then writes the live DOM and a screenshot. Speaks the
DevTools protocol over --remote-debugging-pipe (file descriptors 3 and 4, messages ending in NUL).
"""
import base64, json, os, subprocess, sys, tempfile, time

chromium, url, seconds, out_html, out_png = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
to_child_r, to_child_w = os.pipe()
from_child_r, from_child_w = os.pipe()
profile = tempfile.mkdtemp(prefix="wired-chromium-")
# The child reads commands on fd 3 and writes replies on fd 4.
def setup():
    os.dup2(to_child_r, 3)
    os.dup2(from_child_w, 4)
child = subprocess.Popen(
    [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1500",
     "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank"],
    pass_fds=(3, 4, to_child_r, from_child_w), preexec_fn=setup, stdout=subprocess.DEVNULL, stderr=open(out_html + ".log", "w"))
os.close(to_child_r)
os.close(from_child_w)
pending = b""
next_id = 0

def call(method, params=None, session=None):
    global next_id, pending
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(to_child_w, json.dumps(message).encode() + b"\0")
    while True:
        while b"\0" not in pending:
            chunk = os.read(from_child_r, 1 << 20)
            if not chunk:
                raise SystemExit("chromium closed the pipe")
            pending += chunk
        raw, pending = pending.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                raise SystemExit(f"{method}: {reply['error']}")
            return reply["result"]

try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Page.enable", session=session)
    call("Page.navigate", {"url": url}, session=session)
    time.sleep(seconds)
    dom = call("Runtime.evaluate", {"expression": "document.documentElement.outerHTML", "returnByValue": True},
               session=session)["result"]["value"]
    with open(out_html, "w") as f:
        f.write(dom)
    shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
    with open(out_png, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    call("Browser.close")
finally:
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
