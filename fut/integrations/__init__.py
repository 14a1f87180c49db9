"""Readers of the files outside systems send: the bank's payment files."""
