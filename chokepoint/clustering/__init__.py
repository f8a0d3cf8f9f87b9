"""Address clustering of UTXO transactions (issue 22), pure Python with no database I/O.

``cluster_addresses(transactions)`` detects CoinJoins (:mod:`coinjoin`), joins the input addresses
of every other transaction (:mod:`co_spend`, on GraphSense's Rust union-find: :mod:`disjoint_sets`)
and keeps the evidence: ``explain``, ``memberships``, ``split``. ``suggest_change(transactions)``
proposes change outputs (:mod:`change_heuristics`), never used for membership. Thresholds are data
(``schema/clustering.yaml``, :mod:`cluster_rules`). Callers pass the transactions a viewer may see.
"""

from chokepoint.clustering.change_heuristics import ChangeSuggestion, suggest_change
from chokepoint.clustering.cluster_rules import ClusteringRules, default_rules, load_rules
from chokepoint.clustering.co_spend import (
    CO_SPEND,
    AddressClustering,
    Cluster,
    EvidenceLink,
    Explanation,
    Membership,
    cluster_addresses,
)
from chokepoint.clustering.coinjoin import CoinJoinMatch, detect_coinjoin
from chokepoint.clustering.tx_model import Transaction, TxInput, TxOutput, from_btc_record

__all__ = [
    "CO_SPEND",
    "AddressClustering",
    "ChangeSuggestion",
    "Cluster",
    "ClusteringRules",
    "CoinJoinMatch",
    "EvidenceLink",
    "Explanation",
    "Membership",
    "Transaction",
    "TxInput",
    "TxOutput",
    "cluster_addresses",
    "default_rules",
    "detect_coinjoin",
    "from_btc_record",
    "load_rules",
    "suggest_change",
]
