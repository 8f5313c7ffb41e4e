"""The command-line interface: parse input, call one service, render the result."""
