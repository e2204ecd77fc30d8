#!/usr/bin/env bash
# Placeholder: fuzz targets will be added later. Not part of `make test`.
echo "no fuzz targets yet" >&2
exit 1
