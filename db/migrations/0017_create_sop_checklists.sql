-- A supervisor's replacement of the shipped checklist for one incident kind (alerting/src/sops).
-- No row: the shipped list applies; deleting the row resets to it.
CREATE TABLE sop_checklists (
  kind        text PRIMARY KEY,
  items       jsonb NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL
);
