// A trivial read: does the database answer now?
RETURN 1 AS ok
