"""`make bench`: startup, load, search, tabs, scrolling, bookmarking, export and memory."""
