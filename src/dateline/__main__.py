from .cli import main

if __name__ == "__main__":  # `python -m dateline`; importing the module (doctest collection) runs nothing
    main()
