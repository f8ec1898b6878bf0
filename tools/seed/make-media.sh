#!/usr/bin/env bash
# Regenerates the demo clips in assets/media (committed, so nobody needs ffmpeg to run
# Newsreel): 12 three-second H.264 clips at 320x180 from ffmpeg's built-in test sources, each
# with a JPEG cover taken from its first frame. Run from the repo root: bash tools/seed/make-media.sh
set -euo pipefail
out=assets/media
mkdir -p "$out"
sources=(
  "testsrc2=size=320x180:rate=15"
  "smptehdbars=size=320x180:rate=15"
  "mandelbrot=size=320x180:rate=15"
  "life=size=320x180:rate=15:mold=10:ratio=0.2:death_color=#203040:life_color=#f0c040"
  "cellauto=size=320x180:rate=15:rule=110"
  "rgbtestsrc=size=320x180:rate=15"
  "testsrc=size=320x180:rate=15"
  "yuvtestsrc=size=320x180:rate=15"
  "life=size=320x180:rate=15:mold=25:ratio=0.5:life_color=#40c0f0"
  "cellauto=size=320x180:rate=15:rule=30"
  "mandelbrot=size=320x180:rate=15:start_scale=1.5"
  "pal100bars=size=320x180:rate=15"
)
for i in "${!sources[@]}"; do
  n=$(printf '%02d' $((i + 1)))
  ffmpeg -loglevel error -y -f lavfi -i "${sources[$i]}" -t 3 -c:v libx264 -profile:v baseline \
    -pix_fmt yuv420p -b:v 60k -movflags +faststart "$out/clip-$n.mp4"
  ffmpeg -loglevel error -y -i "$out/clip-$n.mp4" -frames:v 1 -q:v 6 "$out/clip-$n.jpg"
done
ls -l "$out"
