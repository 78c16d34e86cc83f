#!/bin/sh
# Draws Qari's icon, the letter ق (qāf, for قارئ) in Noto Naskh Arabic Bold on a rounded
# square, at the sizes desktops ask for. Needs ImageMagick (Debian: imagemagick).
# Run from the repository root: sh assets/icons/make-icon.sh
set -eu
out=assets/icons
convert -size 512x512 xc:none \
  -fill '#1E4D6B' -draw 'roundrectangle 16,16 495,495 96,96' \
  -font assets/fonts/NotoNaskhArabic-Bold.ttf -pointsize 360 -fill '#FBF8F1' \
  -gravity center -annotate +0-40 'ق' \
  "$out/qari-512.png"
for size in 256 128 64 48; do
  convert "$out/qari-512.png" -resize "${size}x${size}" "$out/qari-$size.png"
done
