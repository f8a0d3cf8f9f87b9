// The chain floors' stamp (chokepoint/analysis/chain_floor.py): one node. Outside the domain model.
CREATE CONSTRAINT chain_floor_key IF NOT EXISTS FOR (f:ChainFloor) REQUIRE f.key IS UNIQUE
