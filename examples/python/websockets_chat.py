"""The article's chat server with the `websockets` library: every message a connection
sends is sent to every connection (a `connected` set and a broadcast).

    python3 examples/python/websockets_chat.py --port 8765
    poll-vs-push compare --target ws://127.0.0.1:8765 --transports ws
    python3 examples/python/websockets_chat.py --certfile cert.pem --keyfile key.pem   # wss://

It prints `ready <port>` once it listens (port 0 picks a free one). Debian: python3-websockets.
"""
import argparse
import asyncio
import ssl

import websockets

connected = set()


async def handler(websocket, path=None):
    # `path` is passed by websockets before 10.1 and ignored after; either works.
    connected.add(websocket)
    try:
        async for message in websocket:
            websockets.broadcast(connected, message)
    finally:
        connected.discard(websocket)


async def main(host: str, port: int, tls: "ssl.SSLContext | None") -> None:
    # websockets negotiates permessage-deflate by default, as the article's server does.
    async with websockets.serve(handler, host, port, ssl=tls) as server:
        print(f"ready {server.sockets[0].getsockname()[1]}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--certfile", help="serve WSS with this PEM certificate (chain)")
    parser.add_argument("--keyfile", help="the certificate's PEM private key")
    args = parser.parse_args()
    tls = None
    if args.certfile:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.certfile, args.keyfile)
    try:
        asyncio.run(main(args.host, args.port, tls))
    except KeyboardInterrupt:
        pass
