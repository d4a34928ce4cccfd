export const USAGE = `cityops — smart-city operations center

  cityops start                              the whole stack (embedded defaults; see README for env)
  cityops device add --kind K --id ID --lat LAT --lon LON [--name N] [--address A] [--area AREA] [--building B]
  cityops device list [--kind K]
  cityops device revoke --id ID
  cityops user add --username U --role viewer|dispatcher|supervisor|admin [--password P]
  cityops user passwd --username U [--password P]
  cityops user list
  cityops building add --id B --address A --lat LAT --lon LON [--house-id H] [--name N] [--area AREA]
                       [--floors N] [--basement-floors N] [--occupants N] [--usage U]
                       [--contact-name N] [--contact-phone P] [--notes T]
  cityops building list [--area AREA] [--q TEXT]
  cityops building link --device FA-ID (--building B | --none)
  cityops stations load FILE.geojson         fire stations (replaces those of the file's source)
  cityops apikey add --name N --scopes tickets,open311   prints the key once (call centre: tickets; Open311 apps: open311)
  cityops apikey add --name N --scopes agency --lines 114 [--areas a,b]   an agency's key: its lines' and areas' incidents and tickets only
  cityops apikey list
  cityops apikey revoke --id ID
  cityops broker seed [--gateways N] [--out FILE]   Mosquitto's first dynamic-security.json (deploy/README.md),
                       from CITYOPS_MQTT_ADMIN_PASSWORD and CITYOPS_MQTT_SERVICE_PASSWORD
  cityops broker upgrade-roles               once after an upgrade: device roles on Mosquitto get this
                       release's grants (DATABASE_URL, MQTT_URL, CITYOPS_MQTT_ADMIN_PASSWORD)

Registry commands work whether or not the stack runs: against DATABASE_URL when set, through the
running stack's control socket, or on the embedded database in CITYOPS_DATA_DIR.
Passwords not given as --password are read from CITYOPS_PASSWORD or standard input.`;
