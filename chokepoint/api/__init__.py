"""The GraphQL API for partner agencies: types derived from the schema, served by ``chokepoint serve``."""
