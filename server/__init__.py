"""Small Wins server. Deliberately empty so `server.core` imports without Flask."""
