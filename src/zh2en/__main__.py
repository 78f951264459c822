"""``python -m zh2en`` runs the CLI."""

from zh2en.cli.app import main

raise SystemExit(main())
