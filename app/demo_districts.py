"""004 "List of Districts and Schools": the 2008-09 South Dakota School Improvement schools.

The RFP prints "Bennett County 03-" once for "Bennett County 03-1"; it is read as 03-1.
"""

SD_2009_SCHOOLS = (
    ("Andes Central", "11-1", "Andes Central Elementary"),
    ("Andes Central", "11-1", "Andes Central JH"),
    ("Belle Fourche", "09-1", "Belle Fourche Middle Sch"),
    ("Bennett County", "03-1", "Martin Elem"),
    ("Bennett County", "03-1", "Bennett County JH"),
    ("Brookings", "05-1", "Medary Elem"),
    ("Gregory", "26-4", "Gregory Elem"),
    ("Hill City", "51-2", "Hill City Elementary"),
    ("McLaughlin", "15-2", "McLaughlin Elementary"),
    ("McLaughlin", "15-2", "McLaughlin Middle School"),
    ("Oelrichs", "23-3", "Oelrichs Jr Hi"),
    ("Rapid City", "51-4", "Valley View Elem"),
    ("Rapid City", "51-4", "General Beadle Elem"),
    ("Rapid City", "51-4", "Horace Mann Elem"),
    ("Rapid City", "51-4", "Knollwood Heights Elem"),
    ("Rapid City", "51-4", "Robbinsdale Elem"),
    ("Rapid City", "51-4", "North Middle Sch"),
    ("Shannon Co.", "65-1", "Batesland Elementary"),
    ("Shannon Co.", "65-1", "Red Shirt Table Elementary"),
    ("Sioux Falls", "49-5", "Laura B Anderson Elem"),
    ("Sioux Falls", "49-5", "Cleveland Elem"),
    ("Sioux Falls", "49-5", "Longfellow Elem"),
    ("Sioux Falls", "49-5", "Lowell Elem"),
    ("Sioux Falls", "49-5", "Hawthorne Elem"),
    ("Sioux Falls", "49-5", "Hayward Elem"),
    ("Sioux Falls", "49-5", "Garfield Elem"),
    ("Sioux Falls", "49-5", "Terry Redlin Elem"),
    ("Sisseton", "54-2", "Sisseton Elementary"),
    ("Sisseton", "54-2", "Sisseton Middle School"),
    ("Smee", "15-3", "Wakpala High School"),
    ("Smee", "15-3", "Wakpala Elementary"),
    ("Todd County", "66-1", "Todd County High"),
    ("Todd County", "66-1", "Rosebud Elem"),
    ("Todd County", "66-1", "He Dog Elem"),
    ("Todd County", "66-1", "Littleburg"),
    ("Todd County", "66-1", "Spring Creek Elem"),
    ("Todd County", "66-1", "Todd County Middle Sch"),
    ("Todd County", "66-1", "North Elem"),
    ("Todd County", "66-1", "O'Kreek Elem"),
    ("Todd County", "66-1", "South Elem"),
    ("Watertown", "14-4", "Watertown High School"),
    ("White River", "47-1", "White River Elementary"),
    ("White River", "47-1", "White River Middle Sch"),
    ("White River", "47-1", "Norris Elementary"),
    ("Winner", "59-2", "Winner Middle School"),
    ("Yankton", "63-3", "Stewart Elem"),
)

# A handful of real districts of the other packs' states, so an NC or MA cycle can be walked
# end to end (service areas, the directory by district). Codes are the states' own: NC DPI's
# three-digit LEA codes, MA DESE's district organization codes (leading zero dropped, as the
# issue writes Boston "035"). Their improvement status is not recorded here.
NC_DISTRICTS = (
    ("Wake County Schools", "920"),
    ("Charlotte-Mecklenburg Schools", "600"),
    ("Guilford County Schools", "410"),
    ("Durham Public Schools", "320"),
    ("Cumberland County Schools", "260"),
)
MA_DISTRICTS = (
    ("Boston", "035"),
    ("Springfield", "281"),
    ("Worcester", "348"),
    ("Lawrence", "149"),
    ("Lowell", "160"),
)
