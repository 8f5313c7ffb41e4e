"""Pure rules of goodwill: no SQL, no I/O, no clock reads (dates are parameters)."""
