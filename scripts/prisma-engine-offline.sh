#!/bin/sh
# Stand-in for Prisma's native schema engine on machines that cannot download it (see
# scripts/prisma-generate.ts). `prisma generate` only checks that this file exists.
echo "Prisma's native schema engine is not installed here. Use 'npm run migrate' to apply migrations and 'npm run migrate:create' to write new ones." >&2
exit 1
