export const USAGE = `cityops — smart-city operations center

  cityops start                              the whole stack (embedded defaults; see README for env)
  cityops device add --kind K --id ID --lat LAT --lon LON [--name N] [--address A] [--area AREA]
  cityops device list [--kind K]
  cityops device revoke --id ID
  cityops user add --username U --role viewer|dispatcher|supervisor|admin [--password P]
  cityops user passwd --username U [--password P]
  cityops user list

Registry commands work whether or not the stack runs: against DATABASE_URL when set, through the
running stack's control socket, or on the embedded database in CITYOPS_DATA_DIR.
Passwords not given as --password are read from CITYOPS_PASSWORD or standard input.`;
