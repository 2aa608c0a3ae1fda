"""A FastAPI app with the article's broadcast WebSocket (/ws/chat) and the routes of
docs/protocol.md, so one Python server can be compared on every transport:

    python3 examples/python/fastapi_app.py --port 8000
    poll-vs-push compare --target http://127.0.0.1:8000               all four transports
    poll-vs-push compare --target ws://127.0.0.1:8000/ws/chat --transports ws

It prints `ready <port>` once it listens (port 0 picks a free one). Debian: python3-fastapi,
python3-uvicorn (and python3-websockets, which uvicorn's WebSocket support uses).
"""
import argparse
import asyncio
import json
import socket

import uvicorn
from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, Response, StreamingResponse

app = FastAPI()

# The event log: events[i] is the JSON of seq i + 1, encoded once for every transport.
events: list[str] = []
published = asyncio.Event()
chat: set[WebSocket] = set()


def after(since: int) -> list[str]:
    return events[since:]


def resume_point(headers, query) -> int | None:
    """Last-Event-ID or ?since=, the same on every route; None when it is not a whole number."""
    text = headers.get("last-event-id") or query.get("since") or "0"
    return int(text) if text.isdigit() else None


async def next_event(seen: int) -> None:
    """Waits until the log holds more than `seen` events."""
    global published
    while len(events) <= seen:
        waiting = published
        await waiting.wait()


def bad_since() -> JSONResponse:
    return JSONResponse({"error": "since (or Last-Event-ID) must be a whole number"}, status_code=400)


@app.get("/health")
async def health():
    return {"ok": True, "head": len(events)}


@app.post("/publish", status_code=201)
async def publish(request: Request):
    global published
    body = await request.json()
    t, data = body.get("t"), body.get("data")
    if not isinstance(t, str) or not t.isdigit() or not isinstance(data, str):
        return JSONResponse({"error": 'the body is {"t":"<ns>","data":"<string>"}'}, status_code=400)
    seq = len(events) + 1
    events.append(json.dumps({"seq": seq, "t": t, "data": data}, separators=(",", ":")))
    # Wake every waiter, then arm a fresh event for the next publish.
    published.set()
    published = asyncio.Event()
    return {"seq": seq, "t": t}


def array(items: list[str]) -> Response:
    return Response("[" + ",".join(items) + "]", media_type="application/json")


@app.get("/poll")
async def poll(request: Request):
    since = resume_point(request.headers, request.query_params)
    return bad_since() if since is None else array(after(since))


@app.get("/long-poll")
async def long_poll(request: Request, timeout: int = 30000):
    since = resume_point(request.headers, request.query_params)
    if since is None:
        return bad_since()
    try:
        await asyncio.wait_for(next_event(since), timeout / 1000)
    except asyncio.TimeoutError:
        pass
    return array(after(since))


@app.get("/sse")
async def sse(request: Request):
    since = resume_point(request.headers, request.query_params)
    if since is None:
        return bad_since()

    async def stream():
        sent = since
        while True:
            for item in after(sent):
                sent += 1
                yield f"id: {sent}\ndata: {item}\n\n"
            await next_event(sent)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"cache-control": "no-store"})


@app.websocket("/ws")
async def ws(websocket: WebSocket):
    since = resume_point(websocket.headers, websocket.query_params)
    if since is None:
        await websocket.close(code=1008)
        return
    await websocket.accept()

    async def send_all():
        sent = since
        while True:
            for item in after(sent):
                sent += 1
                await websocket.send_text(item)
            await next_event(sent)

    # The sender waits for events; the reader waits for the client to go, and ends the sender then (else a
    # quiet server would hold it forever, and uvicorn waits for every handler before it exits).
    sender = asyncio.ensure_future(send_all())
    try:
        while not sender.done() and (await websocket.receive())["type"] != "websocket.disconnect":
            pass  # the server reads nothing it needs from the client
    except Exception:  # the reader went away (a disconnect, a close mid-send): nothing to keep
        pass
    finally:
        sender.cancel()


@app.websocket("/ws/chat")
async def ws_chat(websocket: WebSocket):
    """The article's FastAPI WebSocket: every text received is sent to every connection."""
    await websocket.accept()
    chat.add(websocket)
    try:
        while True:
            message = await websocket.receive_text()
            for peer in list(chat):
                try:
                    await peer.send_text(message)
                except Exception:  # that peer went away; the others still get the message
                    chat.discard(peer)
    except WebSocketDisconnect:
        pass
    finally:
        chat.discard(websocket)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--certfile", help="serve HTTPS and WSS with this PEM certificate (chain)")
    parser.add_argument("--keyfile", help="the certificate's PEM private key")
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    print(f"ready {sock.getsockname()[1]}", flush=True)
    # uvicorn's WebSocket support (websockets) negotiates permessage-deflate by default.
    tls = {"ssl_certfile": args.certfile, "ssl_keyfile": args.keyfile} if args.certfile else {}
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", **tls))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
