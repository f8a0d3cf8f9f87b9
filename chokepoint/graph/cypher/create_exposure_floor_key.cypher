// The exposure floors' stamp (chokepoint/analysis/exposure_floor.py): one node. Outside the domain model.
CREATE CONSTRAINT exposure_floor_key IF NOT EXISTS FOR (f:ExposureFloor) REQUIRE f.key IS UNIQUE
