// The UTXO transactions of $chain named by $txids, with the grants they are visible under and the
// caveats of their records (a split decision must be visible only to viewers who see them).
UNWIND $txids AS txid
MATCH (t:UtxoTransaction {chain: $chain, txid: txid})
RETURN t.id AS id, t.txid AS txid, t.markings AS markings,
       coalesce(t.sourceRecordMarkings, [r IN t.sourceRecords | t.sourceRecordsMarking]) AS recordMarkings,
       t.synthetic AS synthetic
