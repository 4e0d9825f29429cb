# The derived graph ckg:derived: facts that follow from several sources together, worked
# out again after every build and removal (chinakg.derive) so that queries read them
# directly instead of joining the sources each time.  Every derived fact is traceable: it
# is the join below of the facts named, each kept in its own source's graph.
#
# Five kinds of fact are derived; the per-motion summaries, links out and the aligned
# vocabularies go to graphs of their own: ckg:summaries, ckg:links and ckg:aligned.
#
# Each INSERT names the variable its facts are about (their subject) on a line
# `#@subjects ?var`.  After a change of a few documents chinakg.derive works out only the
# facts about the resources the change can touch: it deletes the derived facts about them
# and runs each INSERT with a VALUES block of them on that line (the DROPs are left out).
#
# A decision's motion: the open-data vote record says which case a decision (Besluit) is
# on (ck:voteOnCase, from Besluit -> Zaak), the case record which motion the case is about
# (ck:caseOf, from Zaak -> Document -> ExterneIdentifier).
DROP SILENT GRAPH ckg:derived ;
INSERT { GRAPH ckg:derived { ?vote ck:voteOn ?motion } }
WHERE {
  #@subjects ?vote
  GRAPH ?votes { ?vote a ck:VoteEvent ; ck:voteOnCase ?case }
  GRAPH ?cases { ?case ck:caseOf ?motion }
} ;

# A party left open where a document names a motion without dating it: the motion's own
# record (its text or XML, in its own graph) signs the same member in a party on the
# motion's date, so the document's signature of that member is in that party too.
INSERT { GRAPH ckg:derived { ?sig ck:inParty ?party } }
WHERE {
  #@subjects ?sig
  GRAPH ?own { ?motion ck:sourceFile ?file ; ck:signature ?ownSig . ?ownSig ck:signer ?person ; ck:inParty ?party }
  GRAPH ?other { ?motion ck:signature ?sig . ?sig ck:signer ?person . FILTER NOT EXISTS { ?sig ck:inParty ?any } }
  FILTER (?other != ?own)
} ;

# Per-motion summaries, in ckg:summaries: each motion's submitters and their parties, its
# latest appraisal and its vote results, worked out once here by the fragments named (the
# joins the canned queries made on every run) so that the queries read them directly.  Each
# summary follows from the signatures, appraisals and decisions the fragment reads, in
# their own graphs (and the derived facts above).
DROP SILENT GRAPH ckg:summaries ;
INSERT { GRAPH ckg:summaries { ?m ck:summarySubmitters ?submitters ; ck:summaryParties ?parties } }
WHERE {
  #@include worked-submitters
} ;
INSERT { GRAPH ckg:summaries { ?m ck:summaryAppraisal ?appraisal ; ck:summaryAppraisedIn ?appraised_in ;
                                  ck:summaryAppraisedBy ?appraised_by } }
WHERE {
  #@include worked-latest-appraisal
} ;
INSERT { GRAPH ckg:summaries { ?m ck:summaryVoteResult ?vote_result } }
WHERE {
  #@include worked-vote-result
} ;

# A decision's summary, for the motion trail: the vote records it is in (a decision's party
# votes may lie in several records, pages of the open data, and a record may have been
# loaded twice), its result, and every party's vote (sorted) in one cell.
INSERT { GRAPH ckg:summaries { ?vote ck:summaryRecords ?document ; ck:summaryResult ?result ;
                                     ck:summaryPartyVotes ?partyVotes } }
WHERE {
  {
    SELECT ?vote (GROUP_CONCAT(?recordId; separator=";") AS ?document) (SAMPLE(?r) AS ?result)
    WHERE {
      SELECT DISTINCT ?vote ?recordId ?r WHERE {
        #@subjects ?vote
        #@include decision
        GRAPH ?gv { ?vote ck:voteResult ?r . ?rec a ck:OpenDataRecord ; ck:recordId ?recordId }
      } ORDER BY ?vote ?recordId
    } GROUP BY ?vote
  }
  OPTIONAL {
    SELECT ?vote (GROUP_CONCAT(?pv; separator=";") AS ?partyVotes) WHERE {
      SELECT DISTINCT ?vote ?v2 ?pv WHERE {
        #@subjects ?vote
        #@include decision
        GRAPH ?gp { ?vote ck:partyVote ?v2 . ?v2 ck:voter ?party ; ck:voteOption ?option .
                    OPTIONAL { ?v2 ck:seats ?seats } }
        # the label in an OPTIONAL of its own: joined in one group with the party vote,
        # Oxigraph scanned every label of the reference graph per decision (80 s)
        OPTIONAL { GRAPH ckg:reference { ?party rdfs:label ?partyName } }
        BIND (CONCAT(?partyName, ": ", ?option, IF(BOUND(?seats), CONCAT(" (", STR(?seats), ")"), "")) AS ?pv)
      } ORDER BY ?vote ?pv
    } GROUP BY ?vote
  }
} ;

# Links out, in ckg:links: where an identifier gives the address for certain.
# - A document with an official publication id (kst-, ah-tk-, kv-tk-, h-tk-, blg-, stcrt-,
#   stb-, ...: the ids of KOOP's publication service) has its page, PDF and XML at
#   zoek.officielebekendmakingen.nl/{id}.html, .pdf and .xml.
# - A person with a Parlement.com id has a biography at www.parlement.com/id/{id}/, and
#   one with a Tweede Kamer person id a record in the Gegevensmagazijn (Persoon(id)).
# openkamer's and ParlaMint's ids are left as identifiers: their pages are addressed by
# names, not by these ids.
DROP SILENT GRAPH ckg:links ;
INSERT { GRAPH ckg:links { ?doc foaf:page ?html ; ck:officialPdf ?pdf ; ck:officialXml ?xml } }
WHERE {
  { SELECT DISTINCT ?doc ?id WHERE {
      #@subjects ?doc
      GRAPH ?g { ?doc ck:officialId ?id } } }
  FILTER (REGEX(?id, "^(kst|ah-tk|ah-ek|kv-tk|kv-ek|h-tk|h-ek|h-vv|blg|stcrt|stb|trb)-[0-9A-Za-z]+(-[0-9A-Za-z]+)*$"))
  BIND (CONCAT("https://zoek.officielebekendmakingen.nl/", ?id) AS ?address)
  BIND (IRI(CONCAT(?address, ".html")) AS ?html)
  BIND (IRI(CONCAT(?address, ".pdf")) AS ?pdf)
  BIND (IRI(CONCAT(?address, ".xml")) AS ?xml)
} ;
# - A motion with its case number and the Tweede Kamer's document number has its page at
#   www.tweedekamer.nl/kamerstukken/moties/detail?id={case}&did={document}.
INSERT { GRAPH ckg:links { ?doc foaf:page ?page } }
WHERE {
  #@subjects ?doc
  GRAPH ?g { ?doc ck:tkDocumentNumber ?number . ?case ck:caseOf ?doc ; ck:caseNumber ?caseNumber }
  FILTER (REGEX(?number, "^[0-9]{4}D[0-9]{5}$") && REGEX(?caseNumber, "^[0-9]{4}Z[0-9]{5}$"))
  BIND (IRI(CONCAT("https://www.tweedekamer.nl/kamerstukken/moties/detail?id=", ?caseNumber, "&did=", ?number))
        AS ?page)
} ;
INSERT { GRAPH ckg:links { ?person foaf:page ?page } }
WHERE {
  #@subjects ?person
  GRAPH ckg:reference { ?person ck:parlementComId ?id }
  FILTER (REGEX(?id, "^[a-z0-9]{12}$"))
  BIND (IRI(CONCAT("https://www.parlement.com/id/", ?id, "/")) AS ?page)
} ;
INSERT { GRAPH ckg:links { ?person rdfs:seeAlso ?record } }
WHERE {
  #@subjects ?person
  GRAPH ckg:reference { ?person ck:tkPersonId ?id }
  FILTER (REGEX(?id, "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"))
  BIND (IRI(CONCAT("https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Persoon(", ?id, ")")) AS ?record)
} ;

# The vocabularies the ontology aligns to, without a reasoner: every resource typed with a
# chinakg class is also typed with the class's external superclasses (ck:Motion ->
# opengov:Motion, eli:Work, prov:Entity; ck:Person -> foaf:Person, schema:Person, ...), and
# every statement with a chinakg property is also stated with its external superproperties
# (ck:officialId -> dcterms:identifier, ...), as the ontology's rdfs:subClassOf and
# rdfs:subPropertyOf say.  Each such triple follows from one stored triple and one axiom of
# ckg:ontology, so `?m a opengov:Motion` works in any store these triples are copied to.
DROP SILENT GRAPH ckg:aligned ;
INSERT { GRAPH ckg:aligned { ?x a ?super } }
WHERE {
  { SELECT DISTINCT ?class ?super WHERE {
      GRAPH ckg:ontology { ?class rdfs:subClassOf+ ?super }
      FILTER (isIRI(?super) && STRSTARTS(STR(?class), STR(ck:)) && !STRSTARTS(STR(?super), STR(ck:)))
  } }
  #@subjects ?x
  GRAPH ?g { ?x a ?class }
  FILTER (?g != ckg:ontology)
} ;
INSERT { GRAPH ckg:aligned { ?s ?super ?o } }
WHERE {
  { SELECT DISTINCT ?property ?super WHERE {
      GRAPH ckg:ontology { ?property rdfs:subPropertyOf+ ?super }
      FILTER (isIRI(?super) && STRSTARTS(STR(?property), STR(ck:)) && !STRSTARTS(STR(?super), STR(ck:)))
  } }
  #@subjects ?s
  GRAPH ?g { ?s ?property ?o }
  FILTER (?g != ckg:ontology)
}
