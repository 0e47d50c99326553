from xplan.cli import main

main()
