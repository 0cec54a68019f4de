"""Reading and writing other tools' formats."""
