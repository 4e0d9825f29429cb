# The derived graph ckg:derived: facts that follow from several sources together, worked
# out again after every build and removal (chinakg.derive) so that queries read them
# directly instead of joining the sources each time.  Every derived fact is traceable: it
# is the join below of the facts named, each kept in its own source's graph.
#
# A decision's motion: the open-data vote record says which case a decision (Besluit) is
# on (ck:voteOnCase, from Besluit -> Zaak), the case record which motion the case is about
# (ck:caseOf, from Zaak -> Document -> ExterneIdentifier).
DROP SILENT GRAPH ckg:derived ;
INSERT { GRAPH ckg:derived { ?vote ck:voteOn ?motion } }
WHERE {
  GRAPH ?votes { ?vote a ck:VoteEvent ; ck:voteOnCase ?case }
  GRAPH ?cases { ?case ck:caseOf ?motion }
}
