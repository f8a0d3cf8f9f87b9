"""RDF: an OWL ontology generated from the schema, export of (sub)graphs and import back."""
