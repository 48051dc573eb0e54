"""Builds the example's SQLite database from an SQL script: python3 src/load_db.py data/iris.sql data/iris.db"""
import os
import sqlite3
import sys

script, database = sys.argv[1], sys.argv[2]
if os.path.exists(database):
    os.remove(database)
with open(script, encoding="utf-8") as f, sqlite3.connect(database) as connection:
    connection.executescript(f.read())
connection.close()
