# empty.py - does nothing: the runner times it to show the interpreter's start-up cost.
