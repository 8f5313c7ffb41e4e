"""How alike two names must be to count as one: the thresholds of goodwill's fuzzy matches.

Each is a rapidfuzz score from 0 to 100 (the scorer named beside it), chosen so that the
cost of a wrong match decides how sure goodwill must be: merging strangers or sending a
note to the wrong person is worse than asking.
"""

#: `token_sort_ratio` of two folded names from which `dupes` shows them as likely one
#: person: "Ana Nunez" and "Ana Núñez" pass, "Ana Lima" and "Ana Luz" do not. A merge is
#: confirmed by the user, so this may propose a few pairs that are not.
SAME_PERSON_NAME = 88.0

#: `token_set_ratio` of two companies from which they are one: "Acme" and "Acme Corp",
#: or "ACME Corporation" and "Acme Corporation". An import merges a same-named person
#: only at the same company, so a lower bar would merge namesakes.
SAME_COMPANY = 85.0

#: `WRatio` a typed name must reach for `show "Ana Nunes"` to mean one person, who must
#: lead the next by `NAME_LEAD` (else goodwill lists the look-alikes and asks).
NAME_MATCH = 80.0
NAME_LEAD = 5.0

#: `WRatio` from which a name is offered as "did you mean …?" when none matches.
NAME_SUGGESTION = 60.0
