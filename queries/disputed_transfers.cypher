// name: disputed_transfers
// description: Transfers that sources tell differently - one transaction and log index, several transfers (another amount, asset, sender or receiver) - each with the sources behind it.
// param: limit integer = 50 -- disputed log entries to return
// A ledger transfer is one node per leg (asset, sender, receiver, exact amount), so two sources that
// give one log entry of a transaction with different amounts make two transfers: this lists them
// side by side. Only transfers, senders, receivers and links the viewer may see ($grants) count, so
// a dispute shows only when the viewer sees both sides. A transfer's log index and amount are those
// the viewer's records give (VISIBLE VALUE: stored when the viewer holds every grant of it, else the
// latest write of its records in the value log). Each transfer comes as an {id, labels, props} map
// (its props name its sources), with its sender's and receiver's ids.
// $everything (the CLI's own view, which may see every element) skips each check's markings read.
MATCH (t:Transfer)
WHERE t.logIndex IS NOT NULL AND ($everything OR any(g IN t.markings WHERE g IN $grants))
WITH t,
     CASE WHEN ($everything OR all(g IN t.markings WHERE g IN $grants)) THEN t.logIndex
          ELSE toInteger(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(t.valueStatements, []) | split(stmt, '\u001e')]
                                | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'logIndex'
                                            AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                       THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END AS logIndex
WHERE logIndex IS NOT NULL
WITH t.chain AS chain, t.txHash AS txHash, logIndex, collect(t) AS told
WHERE size(told) > 1
CALL (told) {
  UNWIND told AS transfer
  MATCH (sender)-[sent:SENT]->(transfer)-[received:RECEIVED]->(receiver)
  WHERE ($everything OR any(g IN transfer.markings WHERE g IN $grants))
    AND ($everything OR any(g IN sender.markings WHERE g IN $grants)) AND ($everything OR any(g IN sent.markings WHERE g IN $grants))
    AND ($everything OR any(g IN received.markings WHERE g IN $grants)) AND ($everything OR any(g IN receiver.markings WHERE g IN $grants))
  WITH transfer, min(sender.id) AS senderId, min(receiver.id) AS receiverId
  ORDER BY transfer.id
  RETURN collect({transfer: {id: transfer.id, labels: labels(transfer), props: properties(transfer)},
                  senderId: senderId, receiverId: receiverId,
                  amount: CASE WHEN ($everything OR all(g IN transfer.markings WHERE g IN $grants)) THEN transfer.amount
                               ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(transfer.valueStatements, []) | split(stmt, '\u001e')]
                                           | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'amount'
                                                       AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                  THEN [stmt[4], stmt[2]] ELSE acc END)[0] END}) AS versions
}
WITH chain, txHash, logIndex, versions
WHERE size(versions) > 1
RETURN chain, txHash, logIndex, size(versions) AS transfers, versions
ORDER BY chain, txHash, logIndex
LIMIT $limit
