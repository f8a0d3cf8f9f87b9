// Watches: how many sanctioned parties (an address marked sanctioned, or a party with a designation)
// any of $grants sees, counted up to $cap: which side an exposure search starts from
// (chokepoint/alerts/evaluate.py). An upper bound (a designation's status is not read here); none
// means no exposure search can find anything.
CALL () {
  MATCH (t:CryptoAddress)
    WHERE t.sanctioned = true AND any(g IN t.markings WHERE g IN $grants)
  RETURN t
  UNION
  MATCH (t:Entity)-[sb:SANCTIONED_BY]->(:Designation)
    WHERE any(g IN sb.markings WHERE g IN $grants)
  RETURN t
}
WITH t LIMIT $cap
RETURN count(t) AS parties
