// Store alerts ($alerts: {key, id, props}), each once: an alert whose key (its watch and triggering
// assertion) is already stored is left as it is. Returns the ids of the alerts new here.
UNWIND $alerts AS a
MERGE (x:Alert {key: a.key})
  ON CREATE SET x += a.props, x.id = a.id, x.at = $now
WITH x, a
  WHERE x.id = a.id
RETURN x.id AS id
