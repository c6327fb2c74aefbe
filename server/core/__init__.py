"""Pure domain rules: standard library only, `now` always passed in, frozen dataclasses out."""
