#!/usr/bin/env python3
# Measures how long a new message takes to reach `wabi events --follow`: from the end of the
# `wabi inject` that stored it to the line on the follower's stdout.
import os, subprocess, sys, time, statistics
wabi = sys.argv[1]
env = dict(os.environ)
f = subprocess.Popen([wabi, "events", "--follow", "--json"], stdout=subprocess.PIPE, env=env)
time.sleep(0.5)
lat = []
for i in range(20):
    subprocess.run([wabi, "inject", "--from", "+34600000001", f"msg {i}"], env=env, check=True, stdout=subprocess.DEVNULL)
    stored = time.monotonic()
    line = f.stdout.readline()
    lat.append((time.monotonic() - stored) * 1000)
    time.sleep(0.137)
f.kill()
lat.sort()
print(f"n={len(lat)} median={statistics.median(lat):.0f} ms p90={lat[int(len(lat)*0.9)-1]:.0f} ms max={lat[-1]:.0f} ms")
