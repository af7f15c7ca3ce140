#!/usr/bin/env python3
"""Waits for a started process to answer 200 at a local URL, for the start-up benchmarks.

    await-ready.py <port> <path>

Prints "polling" once it is loaded, then reads the process id to watch from its standard input, polls
http://127.0.0.1:<port><path> every 10 ms from this one process and prints the wall clock in nanoseconds
(time.time_ns) of the first 200, or "failed" when the process is gone first (or after 5 minutes).

One process for all polls, on purpose: a curl started per poll cost about as much CPU as it took to start
(fork, exec, dynamic linking), some hundreds of milliseconds over a start on two cores, all taken from the
JVM being measured. Kubernetes' kubelet, which asks the real question in production, costs the container
nothing of the kind.
"""
import http.client
import sys
import time

port, path = int(sys.argv[1]), sys.argv[2]
print("polling", flush=True)
pid = int(sys.stdin.readline())


def alive():
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


deadline = time.monotonic() + 300
while time.monotonic() < deadline and alive():
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
        if status == 200:
            print(time.time_ns(), flush=True)
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.01)
print("failed", flush=True)
