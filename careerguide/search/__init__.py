"""Site search (/search/): careers, schools, fields of study and resources. It sits at the project
level because it reads every app."""
