"""The article's Socket.IO server with python-socketio: every `message` a client emits is
emitted to every client.

    python3 examples/python/socketio_server.py --port 5000
    poll-vs-push compare --target http://127.0.0.1:5000 --transports socketio

It prints `ready <port>` once it listens (port 0 picks a free one). Debian: python3-socketio,
python3-aiohttp (and python3-websockets is not needed: aiohttp speaks WebSocket itself).
"""
import argparse
import socket

import socketio
from aiohttp import web

sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
app = web.Application()
sio.attach(app)


@sio.event
async def connect(sid, environ):
    # The article's two-argument handler: python-socketio 5 calls it with a third argument (auth)
    # when the client sends one, and answers nothing after the TypeError; so clients must not.
    pass


@sio.event
async def message(sid, data):
    await sio.emit("message", data)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    print(f"ready {sock.getsockname()[1]}", flush=True)
    web.run_app(app, sock=sock, print=None, handle_signals=True)
